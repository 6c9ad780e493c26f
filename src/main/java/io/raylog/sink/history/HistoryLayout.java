package io.raylog.sink.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The object keys the KubeRay History Server reads, reproduced from its Go code (kuberay {@code historyserver/}):
 * {@code pkg/storage/clusterlogs/clusterlogs.go} for the logs and events of a node, and
 * {@code pkg/storage/clustermetadata/clustermetadata.go} for the empty object per head session that makes the
 * server list a cluster's session. Keys are joined and cleaned as Go's {@code path.Join} does, so that a
 * {@code prefix} with a leading, trailing or doubled {@code /} gives the very keys the server computes. Pure.
 *
 * <pre>
 * logs:     [root/]cluster-history/raycluster/&lt;ns&gt;/&lt;cluster&gt;/&lt;session&gt;/&lt;node id&gt;/logs/&lt;path under logs/&gt;
 *           [root/]cluster-history/&lt;rayjob|rayservice&gt;/&lt;ns&gt;/&lt;owner&gt;/&lt;cluster&gt;/&lt;session&gt;/&lt;node id&gt;/logs/…
 * metadata: [root/]cluster-metadata/raycluster/&lt;ns&gt;_&lt;cluster&gt;/&lt;session&gt;                (empty object)
 *           [root/]cluster-metadata/&lt;rayjob|rayservice&gt;/&lt;ns&gt;_&lt;owner&gt;_&lt;cluster&gt;/&lt;session&gt;
 * </pre>
 */
public final class HistoryLayout {
  static final String CLUSTER_HISTORY_DIR = "cluster-history";
  static final String CLUSTER_METADATA_DIR = "cluster-metadata";
  static final String LOGS_DIR = "logs";
  static final String RAY_CLUSTER = "raycluster";
  static final String RAY_JOB = "rayjob";
  static final String RAY_SERVICE = "rayservice";
  /** The History Server's {@code utils.Connector}: namespaces cannot contain it, so it splits unambiguously. */
  static final String CONNECTOR = "_";

  private HistoryLayout() {}

  /**
   * Which cluster a file belongs to, as the History Server names it.
   *
   * @param ownerKind the kind of the RayCluster's owner ({@code RayJob}, {@code RayService}; any case), or
   *     {@code RayCluster} / empty / null for a cluster of its own
   * @param ownerName the owner's name; empty or null for none
   */
  public record Cluster(String ownerKind, String ownerName, String namespace, String name) {
    public Cluster {
      ownerKind = ownerKind == null ? "" : ownerKind;
      ownerName = ownerName == null ? "" : ownerName;
    }
  }

  /** {@code clusterlogs.Prefix}: the directory of a cluster's sessions. */
  public static String clusterPrefix(String root, Cluster cluster) {
    String kind = cluster.ownerKind().strip().toLowerCase(Locale.ROOT);
    String owner = cluster.ownerName().strip();
    boolean hasOwner = (kind.equals(RAY_JOB) || kind.equals(RAY_SERVICE)) && !owner.isEmpty();
    List<String> parts = new ArrayList<>(List.of(root, CLUSTER_HISTORY_DIR, hasOwner ? kind : RAY_CLUSTER,
        cluster.namespace()));
    if (hasOwner) {
      parts.add(owner);
    }
    parts.add(cluster.name());
    return join(parts.toArray(String[]::new));
  }

  /** {@code clusterlogs.LogsDir}: {@code <prefix>/<session>/<node>/logs}. */
  public static String logsDir(String root, Cluster cluster, String session, String node) {
    return join(clusterPrefix(root, cluster), session, node, LOGS_DIR);
  }

  /** The object of one file, {@code relativePath} being its path below the session's {@code logs/}. */
  public static String logKey(String root, Cluster cluster, String session, String node, String relativePath) {
    return join(logsDir(root, cluster, session, node), relativePath);
  }

  /** {@code clusterlogs.NodeEventsDir}: {@code <prefix>/<session>/<node>/node_events}. */
  public static String nodeEventsDir(String root, Cluster cluster, String session, String node) {
    return join(clusterPrefix(root, cluster), session, node, "node_events");
  }

  /** {@code clusterlogs.JobEventsDir}: {@code <prefix>/<session>/<node>/job_events[/<job>]}. */
  public static String jobEventsDir(String root, Cluster cluster, String session, String node, String jobId) {
    return jobId.isEmpty() ? join(clusterPrefix(root, cluster), session, node, "job_events")
        : join(clusterPrefix(root, cluster), session, node, "job_events", jobId);
  }

  /** {@code clustermetadata.Prefix}. */
  public static String metadataPrefix(String root) {
    if (root.isEmpty()) {
      return CLUSTER_METADATA_DIR + "/";
    }
    return stripTrailingSlashes(join(root, CLUSTER_METADATA_DIR)) + "/";
  }

  /** {@code clustermetadata.EncodePath}: the empty object that makes the server list a cluster's session. */
  public static String metadataKey(String root, Cluster cluster, String session) {
    String kind = cluster.ownerKind().toLowerCase(Locale.ROOT);
    boolean hasOwner = (kind.equals(RAY_JOB) || kind.equals(RAY_SERVICE)) && !cluster.ownerName().isEmpty();
    List<String> parts = new ArrayList<>();
    parts.add(cluster.namespace());
    if (hasOwner) {
      parts.add(cluster.ownerName());
    }
    parts.add(cluster.name());
    String dir = join(metadataPrefix(root), hasOwner ? kind : RAY_CLUSTER, String.join(CONNECTOR, parts));
    return clean(join(dir, base(session)));
  }

  /** Go's {@code path.Join}: the non-empty elements joined by {@code /}, then {@link #clean}ed; "" for none. */
  static String join(String... elements) {
    StringBuilder joined = new StringBuilder();
    for (String element : elements) {
      if (element.isEmpty()) {
        continue;
      }
      if (!joined.isEmpty()) {
        joined.append('/');
      }
      joined.append(element);
    }
    return joined.isEmpty() ? "" : clean(joined.toString());
  }

  /** Go's {@code path.Clean}: no empty, {@code .} or resolvable {@code ..} elements; "." for nothing. */
  static String clean(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    boolean rooted = path.charAt(0) == '/';
    List<String> out = new ArrayList<>();
    for (String element : path.split("/")) {
      if (element.isEmpty() || element.equals(".")) {
        continue;
      }
      if (element.equals("..")) {
        if (!out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
          out.remove(out.size() - 1);
        } else if (!rooted) {
          out.add(element);
        }
        continue;
      }
      out.add(element);
    }
    String cleaned = (rooted ? "/" : "") + String.join("/", out);
    return cleaned.isEmpty() ? "." : cleaned;
  }

  /** Go's {@code path.Base}. */
  static String base(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    String trimmed = stripTrailingSlashes(path);
    if (trimmed.isEmpty()) {
      return "/";
    }
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }

  private static String stripTrailingSlashes(String path) {
    int end = path.length();
    while (end > 0 && path.charAt(end - 1) == '/') {
      end--;
    }
    return path.substring(0, end);
  }
}
