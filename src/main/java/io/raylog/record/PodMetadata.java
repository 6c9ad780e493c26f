package io.raylog.record;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What every record of one Ray container's files says about its pod: the {@code k8s} object and the KubeRay fields
 * of the {@code ray} object. Built once per pod and container (when the pod is discovered, or from environment
 * variables in static mode), never per record: its JSON is encoded here once and copied into each record. A deleted
 * pod's metadata lives on in the {@code SourceFile}s of its files until they are drained and closed. Immutable and
 * thread-safe.
 *
 * @param namespace never null
 * @param pod never null
 * @param podUid null when unknown
 * @param node null when unknown
 * @param container null when unknown
 * @param labels the labels the allowlist lets through, sorted
 * @param annotations the annotations the allowlist lets through, sorted
 * @param cluster {@code ray.cluster}, from KubeRay's {@code ray.io/cluster} label; null when absent
 * @param nodeType {@code ray.node_type}: {@code head} or {@code worker}; null when absent
 * @param group {@code ray.group}: the worker group, {@code headgroup} for the head; null when absent
 * @param ownerKind {@code RayCluster}, {@code RayJob} or {@code RayService}; null when unknown
 * @param ownerName the owner's name; null exactly when {@code ownerKind} is
 */
public record PodMetadata(String namespace, String pod, String podUid, String node, String container,
    SortedMap<String, String> labels, SortedMap<String, String> annotations, String cluster, String nodeType,
    String group, String ownerKind, String ownerName, byte[] k8sJson, byte[] rayFieldsJson) {

  public PodMetadata {
    labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    annotations = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(annotations));
  }

  /** Builds the metadata and its JSON. */
  public static PodMetadata of(String namespace, String pod, String podUid, String node, String container,
      Map<String, String> labels, Map<String, String> annotations, String cluster, String nodeType, String group,
      String ownerKind, String ownerName) {
    TreeMap<String, String> sortedLabels = new TreeMap<>(labels);
    TreeMap<String, String> sortedAnnotations = new TreeMap<>(annotations);
    return new PodMetadata(namespace, pod, podUid, node, container, sortedLabels, sortedAnnotations, cluster, nodeType,
        group, ownerKind, ownerName,
        k8sJson(namespace, pod, podUid, node, container, sortedLabels, sortedAnnotations, ownerKind, ownerName),
        rayFieldsJson(cluster, nodeType, group));
  }

  /** The same pod seen from another of its containers. */
  public PodMetadata withContainer(String otherContainer) {
    return of(namespace, pod, podUid, node, otherContainer, labels, annotations, cluster, nodeType, group, ownerKind,
        ownerName);
  }

  /** {@code "k8s":{…}}, ready to copy into a record. */
  public byte[] k8sJson() {
    return k8sJson;
  }

  /** {@code ,"cluster":…,"node_type":…,"group":…} (only those known; possibly empty), to go inside {@code "ray":{…}}. */
  public byte[] rayFieldsJson() {
    return rayFieldsJson;
  }

  private static byte[] k8sJson(String namespace, String pod, String podUid, String node, String container,
      SortedMap<String, String> labels, SortedMap<String, String> annotations, String ownerKind, String ownerName) {
    JsonBytes json = new JsonBytes(256);
    json.raw("\"k8s\":{\"namespace\":").string(namespace);
    json.raw(",\"pod\":").string(pod);
    optional(json, "pod_uid", podUid);
    optional(json, "node", node);
    optional(json, "container", container);
    map(json, "labels", labels);
    map(json, "annotations", annotations);
    if (ownerKind != null) {
      json.raw(",\"owner\":{\"kind\":").string(ownerKind).raw(",\"name\":").string(ownerName).raw('}');
    }
    json.raw('}');
    return json.toByteArray();
  }

  private static byte[] rayFieldsJson(String cluster, String nodeType, String group) {
    JsonBytes json = new JsonBytes(64);
    optional(json, "cluster", cluster);
    optional(json, "node_type", nodeType);
    optional(json, "group", group);
    return json.toByteArray();
  }

  private static void optional(JsonBytes json, String key, String value) {
    if (value != null && !value.isEmpty()) {
      json.raw(",\"").raw(key).raw("\":").string(value);
    }
  }

  private static void map(JsonBytes json, String key, SortedMap<String, String> entries) {
    if (entries.isEmpty()) {
      return;
    }
    json.raw(",\"").raw(key).raw("\":{");
    boolean first = true;
    for (Map.Entry<String, String> entry : entries.entrySet()) {
      if (!first) {
        json.raw(',');
      }
      first = false;
      json.string(entry.getKey()).raw(':').string(entry.getValue());
    }
    json.raw('}');
  }

  @Override
  public String toString() {
    return namespace + "/" + pod + (container == null ? "" : "/" + container);
  }

  // Records compare arrays by identity; the JSON follows from the other fields, so they decide equality.
  @Override
  public boolean equals(Object other) {
    return other instanceof PodMetadata o && namespace.equals(o.namespace) && pod.equals(o.pod)
        && java.util.Objects.equals(podUid, o.podUid) && java.util.Objects.equals(node, o.node)
        && java.util.Objects.equals(container, o.container) && labels.equals(o.labels)
        && annotations.equals(o.annotations) && java.util.Objects.equals(cluster, o.cluster)
        && java.util.Objects.equals(nodeType, o.nodeType) && java.util.Objects.equals(group, o.group)
        && java.util.Objects.equals(ownerKind, o.ownerKind) && java.util.Objects.equals(ownerName, o.ownerName);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(namespace, pod, podUid, container);
  }
}
