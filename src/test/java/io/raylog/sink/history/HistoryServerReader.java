package io.raylog.sink.history;

import io.raylog.sink.s3.S3Clients;
import io.raylog.sink.s3.S3Server;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The KubeRay History Server's S3 reader, ported for tests from kuberay's historyserver (commit feeaf72):
 * {@code pkg/storage/s3/s3.go} ({@code List}, {@code ListFiles}, {@code _listFiles}, {@code GetContent}),
 * {@code pkg/storage/clustermetadata/clustermetadata.go} ({@code DecodePath}), {@code pkg/utils/utils.go}
 * ({@code GetDateTimeFromSessionID}), and the way {@code pkg/historyserver} and {@code pkg/eventserver} find a
 * session's nodes and a node's log files. What raylog writes is right when this finds it.
 */
public final class HistoryServerReader implements AutoCloseable {
  private static final Pattern SESSION_ID =
      Pattern.compile("session_(\\d{4}-\\d{2}-\\d{2})_(\\d{2}-\\d{2}-\\d{2})_(\\d{6})");
  /** Go's "2006-01-02T15:04:05Z" of the UTC time. */
  private static final DateTimeFormatter CREATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");
  private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm-ss.SSSSSS");

  /** utils.ClusterInfo. */
  public record ClusterInfo(String name, String namespace, String sessionName, String createTime, long createTimeStamp,
      String ownerKind, String ownerName) {}

  private final S3Clients.Connection connection;
  private final S3AsyncClient client;
  private final String bucket;
  private final String rootDir;

  public HistoryServerReader(URI endpoint, String bucket, String rootDir) {
    this.connection = S3Clients.connect(Optional.of(endpoint), "us-east-1", true, S3Server.credentials(),
        Duration.ofSeconds(10), 4, 3, RequestChecksumCalculation.WHEN_SUPPORTED);
    this.client = connection.client();
    this.bucket = bucket;
    this.rootDir = rootDir;
  }

  /** {@code RayLogsHandler.List}: every cluster session named by a cluster-metadata object, newest first. */
  public List<ClusterInfo> list() {
    List<ClusterInfo> clusters = new ArrayList<>();
    String prefix = HistoryLayout.metadataPrefix(rootDir);
    String token = null;
    do {
      String continuation = token;
      ListObjectsV2Response page = client.listObjectsV2(r -> r.bucket(bucket).prefix(prefix).maxKeys(100)
          .continuationToken(continuation)).join();
      for (S3Object object : page.contents()) {
        ClusterInfo info = decodePath(object.key(), rootDir);
        if (info != null) { // the server logs the error and goes on
          clusters.add(info);
        }
      }
      token = page.isTruncated() ? page.nextContinuationToken() : null;
    } while (token != null);
    clusters.sort(Comparator.comparingLong(ClusterInfo::createTimeStamp).reversed());
    return clusters;
  }

  /** {@code clustermetadata.DecodePath}; null where it returns an error. */
  public static ClusterInfo decodePath(String filePath, String rootDir) {
    String prefix = HistoryLayout.metadataPrefix(rootDir);
    String cleanFilePath = trim(filePath);
    String cleanPrefix = trim(prefix) + "/";
    if (!cleanFilePath.startsWith(cleanPrefix)) {
      return null;
    }
    String relativePath = trim(cleanFilePath.substring(cleanPrefix.length()));
    String[] segments = relativePath.split("/", -1);
    if (segments.length != 3) {
      return null;
    }
    String sub = segments[0].toLowerCase(Locale.ROOT);
    if (!sub.equals("raycluster") && !sub.equals("rayjob") && !sub.equals("rayservice")) {
      return null;
    }
    String[] meta = segments[1].split("_", -1);
    String ownerKind = "";
    String ownerName = "";
    String name;
    if (meta.length == 2) {
      if (!sub.equals("raycluster")) {
        return null;
      }
      name = meta[1];
    } else if (meta.length == 3) {
      if (!sub.equals("rayjob") && !sub.equals("rayservice")) {
        return null;
      }
      ownerKind = sub;
      ownerName = meta[1];
      name = meta[2];
    } else {
      return null;
    }
    Matcher matcher = SESSION_ID.matcher(segments[2]);
    if (!matcher.find()) {
      return null;
    }
    LocalDateTime created = LocalDateTime.parse(matcher.group(1) + "_" + matcher.group(2) + "." + matcher.group(3),
        DATETIME);
    return new ClusterInfo(name, meta[0], segments[2], created.format(CREATE_TIME), created.toEpochSecond(ZoneOffset.UTC),
        ownerKind, ownerName);
  }

  /** eventserver.go's {@code eventFilePattern}: the event files it reads ({@code isValidEventFile}). */
  private static final Pattern EVENT_FILE = Pattern.compile("-\\d{4}-\\d{2}-\\d{2}-\\d{2}(-\\d+)?(\\.jsonl)?(\\.gz)?$");

  /**
   * The event files the event server reads for a node: {@code getAllNodeEventFiles} ({@code node_events/}) and
   * {@code getAllJobEventFiles} ({@code job_events/<job>/}), filtered by {@code isValidEventFile}; paths below the
   * node's directory.
   */
  public List<String> eventFiles(ClusterInfo info, String node) {
    String clusterId = clusterId(info);
    String nodeDir = info.sessionName() + "/" + node;
    List<String> dirs = new ArrayList<>(List.of("node_events"));
    for (String job : listFiles(clusterId, nodeDir + "/job_events")) {
      if (job.endsWith("/")) {
        dirs.add("job_events/" + job.substring(0, job.length() - 1));
      }
    }
    List<String> files = new ArrayList<>();
    for (String dir : dirs) {
      for (String file : listFiles(clusterId, nodeDir + "/" + dir)) {
        if (!file.endsWith("/") && EVENT_FILE.matcher(file).find()) {
          files.add(dir + "/" + file);
        }
      }
    }
    return files;
  }

  /** {@code GetContent} of a path below the node's directory (an event file); null if none. */
  public byte[] nodeFile(ClusterInfo info, String node, String path) {
    String fullPath = HistoryLayout.join(rootDir, clusterId(info), info.sessionName() + "/" + node, path);
    try {
      return client.getObject(r -> r.bucket(bucket).key(fullPath), AsyncResponseTransformer.toBytes()).join()
          .asByteArray();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The cluster id the server passes to the reader: {@code clusterlogs.Prefix("", …)} (router.go). */
  public static String clusterId(ClusterInfo info) {
    return HistoryLayout.clusterPrefix("", new HistoryLayout.Cluster(info.ownerKind(), info.ownerName(),
        info.namespace(), info.name()));
  }

  /** {@code RayLogsHandler.ListFiles}: base names of objects, and of "directories" with a trailing {@code /}. */
  public List<String> listFiles(String clusterId, String dir) {
    String prefix = HistoryLayout.join(rootDir, clusterId, dir) + "/";
    List<String> files = new ArrayList<>();
    String token = null;
    do {
      String continuation = token;
      ListObjectsV2Response page = client.listObjectsV2(r -> r.bucket(bucket).prefix(prefix).maxKeys(100)
          .delimiter("/").continuationToken(continuation)).join();
      for (S3Object object : page.contents()) {
        files.add(HistoryLayout.base(object.key()));
      }
      for (CommonPrefix common : page.commonPrefixes()) {
        files.add(HistoryLayout.base(common.prefix()) + "/");
      }
      token = page.isTruncated() ? page.nextContinuationToken() : null;
    } while (token != null);
    return files;
  }

  /** A session's node directories, as log_event_reader.go and router.go find them (not fetched_endpoints). */
  public List<String> nodes(ClusterInfo info) {
    List<String> nodes = new ArrayList<>();
    for (String entry : listFiles(clusterId(info), info.sessionName())) {
      if (entry.endsWith("/") && !entry.equals("fetched_endpoints/")) {
        nodes.add(entry.substring(0, entry.length() - 1));
      }
    }
    return nodes;
  }

  /** {@code listFilesRecursive} over {@code clusterlogs.RelLogsDir(session, node)}: paths below the node's logs/. */
  public List<String> logFiles(ClusterInfo info, String node) {
    return recursive(clusterId(info), info.sessionName() + "/" + node + "/logs");
  }

  private List<String> recursive(String clusterId, String dir) {
    List<String> result = new ArrayList<>();
    for (String entry : listFiles(clusterId, dir)) {
      if (entry.endsWith("/")) {
        String sub = entry.substring(0, entry.length() - 1);
        for (String file : recursive(clusterId, HistoryLayout.join(dir, entry))) {
          result.add(HistoryLayout.join(sub, file));
        }
      } else {
        result.add(entry);
      }
    }
    return result;
  }

  /** {@code RayLogsHandler.GetContent} for {@code _getNodeLogFile}: the object at {@code logs/<file>}; null if none. */
  public byte[] logFile(ClusterInfo info, String node, String file) {
    String fullPath = HistoryLayout.join(rootDir, clusterId(info), info.sessionName() + "/" + node + "/logs", file);
    try {
      return client.getObject(r -> r.bucket(bucket).key(fullPath), AsyncResponseTransformer.toBytes()).join()
          .asByteArray();
    } catch (RuntimeException e) {
      return null; // (the server then lists the directory for an object of that base name, which raylog never needs)
    }
  }

  private static String trim(String path) {
    int from = 0;
    int to = path.length();
    while (from < to && path.charAt(from) == '/') {
      from++;
    }
    while (to > from && path.charAt(to - 1) == '/') {
      to--;
    }
    return path.substring(from, to);
  }

  @Override
  public void close() {
    connection.close();
  }
}
