package io.raylog.discovery;

import java.nio.file.Path;

/**
 * Where the kubelet keeps things on the host, and where raylog sees the host's filesystem. Immutable.
 *
 * @param kubeletRoot as the host sees it, e.g. {@code /var/lib/kubelet}
 * @param podLogsRoot as the host sees it, e.g. {@code /var/log/pods}
 * @param hostRoot the prefix under which raylog sees the host's {@code /}; empty when host paths are mounted at the
 *     same path in raylog's container
 */
public record KubernetesPaths(Path kubeletRoot, Path podLogsRoot, String hostRoot) {

  /** A host path as raylog sees it. */
  public Path onHost(Path hostPath) {
    if (hostRoot.isEmpty() || hostRoot.equals("/")) {
      return hostPath.normalize();
    }
    return Path.of(hostRoot, hostPath.toString()).normalize();
  }

  /** Where the kubelet keeps an emptyDir volume of a pod, as the host sees it. */
  public Path emptyDir(String podUid, String volume) {
    return kubeletRoot.resolve("pods").resolve(podUid).resolve("volumes").resolve("kubernetes.io~empty-dir")
        .resolve(volume);
  }

  /** The kubelet's log directory of one container, as the host sees it. */
  public Path containerLogs(String namespace, String pod, String podUid, String container) {
    return podLogsRoot.resolve(namespace + "_" + pod + "_" + podUid).resolve(container);
  }
}
