package io.raylog.discovery;

/** Path arithmetic on container paths (always {@code /}-separated, whatever the OS raylog runs on). Pure. */
final class MountPaths {
  private MountPaths() {}

  /** Without a trailing slash (except {@code /} itself) and without repeated slashes. */
  static String normalize(String path) {
    String collapsed = path.replaceAll("/+", "/");
    return collapsed.length() > 1 && collapsed.endsWith("/") ? collapsed.substring(0, collapsed.length() - 1)
        : collapsed;
  }

  /** Whether {@code path} is {@code mountPath} or below it. */
  static boolean isAtOrBelow(String path, String mountPath) {
    return path.equals(mountPath) || mountPath.equals("/") || path.startsWith(mountPath + "/");
  }

  /** {@code path} relative to {@code mountPath}, empty when they are equal. */
  static String relative(String path, String mountPath) {
    if (path.equals(mountPath)) {
      return "";
    }
    return mountPath.equals("/") ? path.substring(1) : path.substring(mountPath.length() + 1);
  }

  /** Whether a subPath stays inside its volume: relative and without {@code ..}. */
  static boolean isSafeSubPath(String subPath) {
    if (subPath.startsWith("/")) {
      return false;
    }
    for (String part : subPath.split("/")) {
      if (part.equals("..")) {
        return false;
      }
    }
    return true;
  }
}
