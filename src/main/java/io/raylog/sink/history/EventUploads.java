package io.raylog.sink.history;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Uploads the spooled events ({@link EventSpool}) under the sidecar's keys
 * ({@code buildEventStorageKey} in {@code historyserver/pkg/collector/eventcollector/eventcollector.go}):
 *
 * <pre>
 * &lt;prefix&gt;/&lt;session&gt;/&lt;node id&gt;/node_events/&lt;node id&gt;-&lt;hour&gt;-&lt;nanos&gt;.jsonl
 * &lt;prefix&gt;/&lt;session&gt;/&lt;node id&gt;/job_events/&lt;job id&gt;/&lt;node id&gt;-&lt;hour&gt;-&lt;nanos&gt;.jsonl
 * </pre>
 *
 * with {@code <prefix>} the cluster's ({@link HistoryLayout#clusterPrefix}), {@code <hour>} the UTC hour
 * ({@code 2006-01-02-15}) and {@code <nanos>} the time of the first spooled file of the object. An object is named
 * after its first file, so an upload whose answer was lost, or a crash before the files were removed, writes the
 * same key again (with the same events, or more after them): every event is in the store once. A pod's events wait
 * until its session's node id and cluster are known (from its log files). Confined to the history sink's thread.
 */
final class EventUploads {
  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH").withZone(ZoneOffset.UTC);
  private static final long MAX_OBJECT_BYTES = 16 << 20;

  /** Where a pod's session is filed: its cluster and its node id. */
  record Place(HistoryLayout.Cluster cluster, String node) {}

  /** Finds the place of {@code namespace/pod/session}; null while unknown. */
  interface Places {
    Place of(String namespace, String pod, String session);
  }

  /**
   * Where a pod's session was filed, kept beside its spooled events: after a restart, events spooled before it are
   * uploaded even when the pod's files bring no new record to tell the sink again.
   */
  private static final String PLACE_FILE = "place";

  private final EventSpool spool;
  private final HistoryStore store;
  private final String prefix;
  private long uploadedEvents;

  EventUploads(EventSpool spool, HistoryStore store, String prefix) {
    this.spool = spool;
    this.store = store;
    this.prefix = prefix;
  }

  long uploadedObjects() {
    return uploadedEvents;
  }

  /** Uploads every group whose place is known; a failure leaves its files for the next call. */
  void upload(Places places) throws IOException {
    Map<Path, List<Path>> groups = new LinkedHashMap<>();
    for (Path file : spool.files()) {
      groups.computeIfAbsent(file.getParent(), g -> new ArrayList<>()).add(file);
    }
    for (Map.Entry<Path, List<Path>> group : groups.entrySet()) {
      Path relative = spool.dir().relativize(group.getKey());
      int n = relative.getNameCount();
      if (n < 4) {
        continue;
      }
      String namespace = relative.getName(0).toString();
      String pod = relative.getName(1).toString();
      String session = relative.getName(2).toString();
      String category = relative.getName(3).toString();
      String job = n == 5 ? relative.getName(4).toString() : "";
      Path sessionDir = spool.dir().resolve(namespace).resolve(pod).resolve(session);
      Place place = places.of(namespace, pod, session);
      if (place == null) {
        place = readPlace(sessionDir);
        if (place == null) {
          continue;
        }
      } else {
        writePlace(sessionDir, place);
      }
      String dir = category.equals(EventCategories.JOB_EVENTS)
          ? HistoryLayout.jobEventsDir(prefix, place.cluster(), session, place.node(), job)
          : HistoryLayout.nodeEventsDir(prefix, place.cluster(), session, place.node());
      List<Path> files = group.getValue();
      int from = 0;
      while (from < files.size()) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        int to = from;
        while (to < files.size() && (to == from || content.size() + Files.size(files.get(to)) <= MAX_OBJECT_BYTES)) {
          content.writeBytes(Files.readAllBytes(files.get(to)));
          to++;
        }
        long nanos = Long.parseLong(files.get(from).getFileName().toString().substring(0, 19));
        String hour = HOUR.format(Instant.ofEpochSecond(0, nanos));
        store.put(dir + "/" + place.node() + "-" + hour + "-" + nanos + ".jsonl", content.toByteArray(), Map.of());
        spool.remove(files.subList(from, to));
        uploadedEvents++;
        from = to;
      }
    }
  }

  private static Place readPlace(Path sessionDir) {
    try {
      List<String> lines = Files.readAllLines(sessionDir.resolve(PLACE_FILE));
      if (lines.size() != 5) {
        return null;
      }
      return new Place(new HistoryLayout.Cluster(lines.get(0), lines.get(1), lines.get(2), lines.get(3)),
          lines.get(4));
    } catch (IOException e) {
      return null;
    }
  }

  private static void writePlace(Path sessionDir, Place place) throws IOException {
    Path file = sessionDir.resolve(PLACE_FILE);
    if (Files.exists(file)) {
      return;
    }
    HistoryLayout.Cluster cluster = place.cluster();
    Path temp = sessionDir.resolve(PLACE_FILE + ".tmp");
    Files.write(temp, List.of(cluster.ownerKind(), cluster.ownerName(), cluster.namespace(), cluster.name(),
        place.node()));
    try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(temp,
        java.nio.file.StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
