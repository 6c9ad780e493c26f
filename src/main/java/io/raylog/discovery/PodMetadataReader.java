package io.raylog.discovery;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.raylog.enrich.KeyAllowlist;
import io.raylog.record.PodMetadata;
import java.util.Map;
import java.util.Set;

/**
 * Reads a pod's metadata for its records: identity, allowed labels and annotations, KubeRay's cluster, node type
 * and group labels, and the owning RayCluster, RayJob or RayService. Pure and thread-safe.
 */
public final class PodMetadataReader {
  private static final Set<String> RAY_OWNER_KINDS = Set.of("RayCluster", "RayJob", "RayService");

  private final KeyAllowlist labels;
  private final KeyAllowlist annotations;

  public PodMetadataReader(KeyAllowlist labels, KeyAllowlist annotations) {
    this.labels = labels;
    this.annotations = annotations;
  }

  PodMetadata read(Pod pod, String container) {
    var meta = pod.getMetadata();
    Map<String, String> podLabels = meta.getLabels() == null ? Map.of() : meta.getLabels();
    String cluster = podLabels.get("ray.io/cluster");
    Owner owner = owner(pod, podLabels, cluster);
    return PodMetadata.of(meta.getNamespace(), meta.getName(), meta.getUid(), pod.getSpec().getNodeName(), container,
        labels.filter(podLabels), annotations.filter(meta.getAnnotations()), cluster, podLabels.get("ray.io/node-type"),
        podLabels.get("ray.io/group"), owner.kind(), owner.name());
  }

  /**
   * The Ray custom resource the pod belongs to: a RayJob or RayService that created its RayCluster (KubeRay's
   * {@code ray.io/originated-from-*} labels), else a Ray owner reference, else the RayCluster its label names.
   */
  /** The owning Ray resource; both null when unknown. */
  private record Owner(String kind, String name) {}

  private static Owner owner(Pod pod, Map<String, String> podLabels, String cluster) {
    String crd = podLabels.get("ray.io/originated-from-crd");
    String name = podLabels.get("ray.io/originated-from-cr-name");
    if (crd != null && RAY_OWNER_KINDS.contains(crd) && name != null) {
      return new Owner(crd, name);
    }
    if (pod.getMetadata().getOwnerReferences() != null) {
      for (OwnerReference reference : pod.getMetadata().getOwnerReferences()) {
        if (RAY_OWNER_KINDS.contains(reference.getKind())) {
          return new Owner(reference.getKind(), reference.getName());
        }
      }
    }
    return cluster == null ? new Owner(null, null) : new Owner("RayCluster", cluster);
  }
}
