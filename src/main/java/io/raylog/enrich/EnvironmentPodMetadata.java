package io.raylog.enrich;

import io.raylog.record.PodMetadata;
import java.util.Map;

/**
 * Pod metadata from environment variables, for raylog running as a sidecar (or on a VM) in static mode: the
 * downward API sets {@code POD_NAME}, {@code POD_NAMESPACE}, {@code POD_UID}, {@code NODE_NAME}, and the sidecar's
 * manifest may name the Ray container in {@code RAY_CONTAINER_NAME}. The KubeRay fields come from
 * {@code RAY_CLUSTER_NAME} (KubeRay sets it in Ray containers; copy it from the {@code ray.io/cluster} label),
 * {@code RAY_NODE_TYPE} ({@code head} or {@code worker}, from {@code ray.io/node-type}) and
 * {@code RAY_NODE_TYPE_NAME} (the group, as KubeRay sets it). Pure.
 */
public final class EnvironmentPodMetadata {
  private EnvironmentPodMetadata() {}

  /** The metadata, or null without {@code POD_NAME} and {@code POD_NAMESPACE}: records then carry no k8s fields. */
  public static PodMetadata from(Map<String, String> env) {
    String pod = value(env, "POD_NAME");
    String namespace = value(env, "POD_NAMESPACE");
    if (pod == null || namespace == null) {
      return null;
    }
    String cluster = value(env, "RAY_CLUSTER_NAME");
    return PodMetadata.of(namespace, pod, value(env, "POD_UID"), value(env, "NODE_NAME"),
        value(env, "RAY_CONTAINER_NAME"), Map.of(), Map.of(), cluster, value(env, "RAY_NODE_TYPE"),
        value(env, "RAY_NODE_TYPE_NAME"), cluster == null ? null : "RayCluster", cluster);
  }

  private static String value(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }
}
