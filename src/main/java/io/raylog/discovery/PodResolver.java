package io.raylog.discovery;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.raylog.tail.TailRoot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a pod spec into the host directories of its Ray containers' logs: for each Ray container, the volume mounted
 * at its Ray temp dir or at a parent of it, located on the host (hostPath with subPath or subPathExpr, emptyDir
 * under the kubelet's pod directory), and the kubelet's container log directory when the container logs to stderr
 * ({@code RAY_LOG_TO_STDERR=1}). Containers whose logs cannot be read get a {@link PodProblem}. Whether several
 * pods share one hostPath directory is decided across pods, by {@link PodDirectory}. Pure and thread-safe.
 */
public final class PodResolver {
  private final KubernetesPaths paths;

  public PodResolver(KubernetesPaths paths) {
    this.paths = paths;
  }

  public PodResolution resolve(Pod pod) {
    List<Container> containers = RayContainers.of(pod);
    if (containers.isEmpty()) {
      return PodResolution.NOT_RAY;
    }
    List<PodRootSpec> roots = new ArrayList<>();
    List<PodProblem> problems = new ArrayList<>();
    Set<Path> seen = new HashSet<>();
    for (Container container : containers) {
      ContainerEnvironment env = ContainerEnvironment.of(pod, container);
      boolean toStderr = "1".equals(env.get("RAY_LOG_TO_STDERR"));
      if (toStderr) {
        Path logs = paths.containerLogs(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
            pod.getMetadata().getUid(), container.getName());
        roots.add(new PodRootSpec(container.getName(), paths.onHost(logs), logs.toString(),
            TailRoot.Layout.CONTAINER_LOGS, false));
      }
      TempDirOutcome tempDir = tempDirOnHost(pod, container, env, toStderr);
      if (tempDir instanceof PodProblem problem) {
        problems.add(problem);
      } else if (tempDir instanceof PodRootSpec root && seen.add(root.hostDir())) {
        roots.add(root); // a volume shared by two Ray containers (head and autoscaler) is tailed once
      }
    }
    return new PodResolution(roots, problems);
  }

  /** The container's temp dir as a root, a problem, or null when there is nothing to read there. */
  private TempDirOutcome tempDirOnHost(Pod pod, Container container, ContainerEnvironment env, boolean toStderr) {
    String tempDir = RayContainers.tempDir(pod, container);
    VolumeMount mount = mountOf(container, tempDir);
    if (mount == null) {
      // Logging to stderr, Ray writes no files there: nothing is lost by not reading the container's filesystem.
      return toStderr ? null
          : new PodProblem(container.getName(), UnreadableReason.NO_VOLUME, "no volume is mounted at " + tempDir);
    }
    Volume volume = volumeNamed(pod, mount.getName());
    if (volume == null) {
      return new PodProblem(container.getName(), UnreadableReason.UNSUPPORTED_VOLUME,
          "the mount at " + mount.getMountPath() + " names volume " + mount.getName() + ", which the pod does not define");
    }
    String subPath = mount.getSubPath() == null ? "" : mount.getSubPath();
    if (mount.getSubPathExpr() != null && !mount.getSubPathExpr().isEmpty()) {
      ContainerEnvironment.Expansion expansion = env.expand(mount.getSubPathExpr());
      if (expansion.unresolved() != null) {
        return new PodProblem(container.getName(), UnreadableReason.INVALID_SUB_PATH, "subPathExpr "
            + mount.getSubPathExpr() + " uses $(" + expansion.unresolved() + "), which is not set from a literal value"
            + " or a downward-API fieldRef");
      }
      subPath = expansion.text();
    }
    if (!MountPaths.isSafeSubPath(subPath)) {
      return new PodProblem(container.getName(), UnreadableReason.INVALID_SUB_PATH,
          "subPath " + subPath + " leaves the volume");
    }
    Path base;
    boolean hostPath = false;
    if (volume.getHostPath() != null && volume.getHostPath().getPath() != null) {
      base = Path.of(volume.getHostPath().getPath());
      hostPath = true;
    } else if (volume.getEmptyDir() != null) {
      base = paths.emptyDir(pod.getMetadata().getUid(), volume.getName());
    } else {
      return new PodProblem(container.getName(), UnreadableReason.UNSUPPORTED_VOLUME,
          "volume " + volume.getName() + " is of type " + typeOf(volume));
    }
    Path onHost = base;
    if (!subPath.isEmpty()) {
      onHost = onHost.resolve(subPath);
    }
    String below = MountPaths.relative(tempDir, MountPaths.normalize(mount.getMountPath()));
    if (!below.isEmpty()) {
      onHost = onHost.resolve(below);
    }
    return new PodRootSpec(container.getName(), paths.onHost(onHost), tempDir, TailRoot.Layout.RAY_TEMP_DIR, hostPath);
  }

  /** The mount at the temp dir or its nearest parent. */
  private static VolumeMount mountOf(Container container, String tempDir) {
    VolumeMount best = null;
    if (container.getVolumeMounts() == null) {
      return null;
    }
    for (VolumeMount mount : container.getVolumeMounts()) {
      if (mount.getMountPath() == null) {
        continue;
      }
      String mountPath = MountPaths.normalize(mount.getMountPath());
      if (MountPaths.isAtOrBelow(tempDir, mountPath)
          && (best == null || mountPath.length() > MountPaths.normalize(best.getMountPath()).length())) {
        best = mount;
      }
    }
    return best;
  }

  private static Volume volumeNamed(Pod pod, String name) {
    if (pod.getSpec().getVolumes() == null) {
      return null;
    }
    for (Volume volume : pod.getSpec().getVolumes()) {
      if (volume.getName().equals(name)) {
        return volume;
      }
    }
    return null;
  }

  /** The volume's type as the pod spec names it (persistentVolumeClaim, configMap, …). */
  private static String typeOf(Volume volume) {
    if (volume.getPersistentVolumeClaim() != null) {
      return "persistentVolumeClaim";
    }
    if (volume.getEphemeral() != null) {
      return "ephemeral";
    }
    if (volume.getConfigMap() != null) {
      return "configMap";
    }
    if (volume.getSecret() != null) {
      return "secret";
    }
    if (volume.getNfs() != null) {
      return "nfs";
    }
    if (volume.getCsi() != null) {
      return "csi";
    }
    return volume.getAdditionalProperties().keySet().stream().findFirst().orElse("unknown");
  }
}
