package io.raylog.discovery;

/**
 * Why the Ray logs of a pod cannot be read from the node, and what the user can do about it. The {@link #tag} is the
 * metric label; the fix goes into the log and the status page.
 */
public enum UnreadableReason {
  NO_VOLUME(
      "no_volume",
      "the Ray temp dir is in the container's own filesystem, which raylog cannot read from the node",
      "mount a volume at the Ray temp dir (an emptyDir at /tmp/ray, or a hostPath with a per-pod subPathExpr),"
          + " or set RAY_LOG_TO_STDERR=1 so that Ray logs to the container log"),
  UNSUPPORTED_VOLUME(
      "unsupported_volume",
      "the Ray temp dir is on a volume type raylog cannot locate on the node",
      "use an emptyDir or a hostPath volume for the Ray temp dir"),
  INVALID_SUB_PATH(
      "invalid_sub_path",
      "the subPath or subPathExpr of the Ray temp dir's mount cannot be resolved",
      "use a relative subPath without '..', and in subPathExpr only variables set from literal values or"
          + " downward-API fieldRefs"),
  SHARED_HOST_PATH(
      "shared_host_path",
      "several Ray pods on this node write their sessions into the same hostPath directory, where they collide",
      "give each pod its own directory: add subPathExpr: $(POD_NAMESPACE)_$(POD_NAME) to the mount, with"
          + " POD_NAMESPACE and POD_NAME set from the downward API");

  private final String tag;
  private final String meaning;
  private final String fix;

  UnreadableReason(String tag, String meaning, String fix) {
    this.tag = tag;
    this.meaning = meaning;
    this.fix = fix;
  }

  public String tag() {
    return tag;
  }

  public String meaning() {
    return meaning;
  }

  public String fix() {
    return fix;
  }
}
