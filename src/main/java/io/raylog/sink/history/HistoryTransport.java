package io.raylog.sink.history;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.raylog.record.FileProgress;
import io.raylog.record.LogRecord;
import io.raylog.record.PodMetadata;
import io.raylog.record.SourceFile;
import io.raylog.sink.Outbound;
import io.raylog.sink.SendOutcome;
import io.raylog.sink.Transport;
import io.raylog.sink.s3.S3Errors;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history sink: Ray's log files mirrored byte for byte into the KubeRay History Server's layout
 * ({@link HistoryLayout}). Records are not what it uploads: they tell it which file grew and up to where. It reads
 * the file itself, through a descriptor of its own ({@link HistoryFile}), and a send of the delivery stage is
 * answered only once every file its records came from has been uploaded at least up to the end of those records,
 * so a file's checkpoint passes only bytes its object holds.
 *
 * <p>A file's object is brought up to date when records of it arrive and it was last uploaded
 * {@code upload_interval} ago (a file seen for the first time goes up at once), and earlier when waiting would stall
 * the pipeline (the delivery stage's {@code max_in_flight} sends all waiting, the held records at half the memory
 * limit, reading paused) and from {@link #flush} on (shutdown). Each upload sends only the new bytes: the object
 * already stored is copied inside the store as the first parts of a multipart upload ({@link UploadPlan}).
 *
 * <p>Threading: all state lives on one thread of this sink, which also makes the (blocking) store calls;
 * {@link #send}, the timer and {@link #flush} hop onto it.
 */
public final class HistoryTransport implements Transport {
  private static final Logger log = LoggerFactory.getLogger(HistoryTransport.class);

  private final String sinkName;
  private final HistorySettings settings;
  private final HistoryStore store;
  private final FileUploads uploads;
  private final SessionNodes nodes;
  private final UntrackedFiles untracked;
  private final int maxInFlight;
  private final BooleanSupplier memoryPressure;
  private final long sealAtBytes;
  private final LongSupplier nanoTime;
  private final ScheduledExecutorService worker;
  // Confined to the worker thread.
  private final Map<FileProgress, HistoryFile> files = new IdentityHashMap<>();
  private final Map<String, HistoryFile> keyOwners = new HashMap<>();
  private final ArrayDeque<PendingSend> pending = new ArrayDeque<>();
  private final java.util.Set<String> metadataWritten = new java.util.HashSet<>();
  /** Each pod's session, by {@code namespace/pod/session}: the first file seen of it (for its events). */
  private final Map<String, HistoryFile> places = new HashMap<>();
  private EventUploads events;
  private long lastEventUploadNanos = Long.MIN_VALUE;
  private final java.util.Set<String> unplaceableReported = new java.util.HashSet<>();
  private long heldCostBytes;
  private boolean draining;

  /**
   * @param memoryPressure true while the pipeline's reading is paused on its memory limit
   * @param sealAtBytes every waiting file is uploaded once the records held for them cost this much of the memory
   *     limit
   */
  public HistoryTransport(String sinkName, HistorySettings settings, HistoryStore store, int maxInFlight,
      BooleanSupplier memoryPressure, long sealAtBytes, long tickNanos, LongSupplier nanoTime) {
    this.sinkName = sinkName;
    this.settings = settings;
    this.store = store;
    this.uploads = new FileUploads(store, settings.limits());
    this.nodes = new SessionNodes(settings.nodeIdWaitNanos(), nanoTime);
    this.untracked = new UntrackedFiles(uploads, settings.uploadIntervalNanos());
    this.maxInFlight = maxInFlight;
    this.memoryPressure = memoryPressure;
    this.sealAtBytes = sealAtBytes;
    this.nanoTime = nanoTime;
    this.worker = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("raylog-history-" + sinkName,
        true));
    worker.scheduleWithFixedDelay(this::tick, tickNanos, tickNanos, TimeUnit.NANOSECONDS);
    worker.scheduleWithFixedDelay(this::logCounts, 10, 10, TimeUnit.MINUTES);
  }

  /** What the uploads cost so far, in the log: the figures docs/history-server.md measures. */
  private void logCounts() {
    FileUploads.Counts counts = uploads.counts();
    log.info("sink {}: {} uploads so far, {} bytes sent to the store, {} bytes copied inside it by {} part copies",
        sinkName, counts.uploads(), counts.sentBytes(), counts.copiedBytes(), counts.partCopies());
  }

  @Override
  public void send(Outbound records, Completion done) {
    worker.execute(() -> accept(records, done));
  }

  /** From now on every file is uploaded as soon as records of it arrive: raylog is shutting down. */
  public void flush() {
    worker.execute(() -> {
      draining = true;
      uploadDue(true);
      uploadEvents(true);
    });
  }

  /**
   * Serves Ray's event export ({@code POST /v1/events}) for this sink: the events are spooled in {@code dir} and
   * uploaded with the files. Call once, before the first request.
   */
  public EventSpool serveEvents(java.nio.file.Path dir, long maxBytes) throws IOException {
    EventSpool spool = new EventSpool(dir, maxBytes,
        () -> java.time.Instant.now().getEpochSecond() * 1_000_000_000L + java.time.Instant.now().getNano());
    try {
      worker.submit(() -> events = new EventUploads(spool, store, settings.prefix())).get();
    } catch (Exception e) {
      throw new IOException("cannot start the event uploads", e);
    }
    return spool;
  }

  private void uploadEvents(boolean now) {
    long at = nanoTime.getAsLong();
    if (events == null || (!now && lastEventUploadNanos != Long.MIN_VALUE
        && at - lastEventUploadNanos < settings.uploadIntervalNanos())) {
      return;
    }
    lastEventUploadNanos = at;
    try {
      events.upload((namespace, pod, session) -> {
        HistoryFile file = places.get(namespace + "/" + pod + "/" + session);
        if (file == null) {
          return null;
        }
        String node = nodes.nodeId(file.logsDir, file.source.pod());
        return node == null ? null : new EventUploads.Place(cluster(file.source.pod()), node);
      });
    } catch (IOException | RuntimeException e) {
      log.debug("sink {}: uploading events failed, tried again in {} s: {}", sinkName,
          TimeUnit.NANOSECONDS.toSeconds(settings.uploadIntervalNanos()), e.toString());
    }
  }

  /** Bytes sent to the store, bytes copied inside it, and bytes of files mirrored: for tests and the benchmark. */
  public FileUploads.Counts counts() {
    try {
      return worker.submit(uploads::counts).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void accept(Outbound records, Completion done) {
    long now = nanoTime.getAsLong();
    PendingSend send = new PendingSend(done);
    String unplaceable = null;
    for (int i = 0, n = records.size(); i < n; i++) {
      LogRecord record = records.get(i);
      send.costBytes += record.cost;
      SourceFile source = record.source;
      if (source.containerLog() || source.session().isEmpty() || source.hostPath() == null
          || source.hostFileId() == null) {
        continue; // not a file of a Ray session: nothing of the History Server's
      }
      if (cluster(source.pod()) == null) {
        unplaceable = source.containerPath();
        if (unplaceableReported.add(unplaceable)) {
          log.warn("sink {}: {} belongs to no known Ray cluster (no pod metadata with a ray.io/cluster label, no"
              + " RAY_CLUSTER_NAME); the History Server's layout needs one, so it is not uploaded", sinkName,
              unplaceable);
        }
        continue;
      }
      HistoryFile file = files.get(record.progress);
      if (file == null) {
        file = new HistoryFile(source, now);
        files.put(record.progress, file);
        PodMetadata pod = source.pod();
        places.putIfAbsent(pod.namespace() + "/" + pod.pod() + "/" + source.session(), file);
      }
      file.source = source;
      file.lastRecordNanos = now;
      file.wantedBytes = Math.max(file.wantedBytes, record.endOffset);
      if (records.attempt() > 0) {
        file.urgent = true;
      }
      send.wants.merge(file, record.endOffset, Math::max);
    }
    if (unplaceable != null && send.wants.isEmpty()) {
      done.complete(new SendOutcome.Rejected("no_cluster", unplaceable + " belongs to no known Ray cluster (no pod"
          + " metadata with a ray.io/cluster label, no RAY_CLUSTER_NAME): the History Server's layout needs one"));
      return;
    }
    pending.add(send);
    heldCostBytes += send.costBytes;
    boolean pressure = pending.size() >= maxInFlight || heldCostBytes >= sealAtBytes || memoryPressure.getAsBoolean();
    uploadDue(pressure || draining);
  }

  private void tick() {
    try {
      uploadDue(memoryPressure.getAsBoolean() && !pending.isEmpty());
      forgetIdle();
      java.util.Set<String> tracked = new java.util.HashSet<>();
      files.values().forEach(file -> tracked.add(file.fileId));
      untracked.scan(nanoTime.getAsLong(), tracked, keyOwners::containsKey);
      uploadEvents(draining);
    } catch (RuntimeException e) {
      log.error("sink {}: uploading files failed", sinkName, e); // keep the timer alive
    }
  }

  /** Uploads every file that is due (or every waiting one), then answers the sends that are satisfied. */
  private void uploadDue(boolean all) {
    long now = nanoTime.getAsLong();
    Map<HistoryFile, Failure> failed = new IdentityHashMap<>();
    for (HistoryFile file : new ArrayList<>(files.values())) {
      if (!file.dirty()) {
        continue;
      }
      boolean due = all || file.urgent || file.lastUploadNanos == Long.MIN_VALUE
          || now - file.lastUploadNanos >= settings.uploadIntervalNanos();
      if (!due) {
        continue;
      }
      Failure failure = upload(file, now);
      if (failure != null) {
        failed.put(file, failure);
      }
    }
    answer(failed);
  }

  /** Why a file's upload failed: retried (the store), or never possible (the file is gone before it was opened). */
  private record Failure(String reason, String detail, boolean permanent) {}

  /** Uploads one file; returns null, or why it failed. */
  private Failure upload(HistoryFile file, long now) {
    if (file.key == null) {
      String node = nodes.nodeId(file.logsDir, file.source.pod());
      if (node == null) {
        return null; // the raylet has not written its id yet: wait (see SessionNodes)
      }
      file.logsKey = HistoryLayout.logsDir(settings.prefix(), cluster(file.source.pod()), file.source.session(), node);
      claim(file, file.logsKey + "/" + file.relativePath);
      untracked.known(file.logsDir, file.logsKey);
    }
    try {
      if (!file.open() && !openWhereItIs(file)) {
        files.values().remove(file);
        release(file);
        return new Failure("file_gone", file.hostPath + " was deleted or replaced before raylog could open it for"
            + " upload", true);
      }
      followRename(file);
      writeMetadata(file);
      uploads.upload(file);
      file.lastUploadNanos = now;
      file.urgent = false;
      return null;
    } catch (IOException e) {
      log.warn("sink {}: cannot read {} to upload it: {}", sinkName, file.hostPath, e.toString());
      return new Failure("read_failed", e.toString(), false);
    } catch (RuntimeException e) {
      log.debug("sink {}: upload of {} failed: {}", sinkName, file.key, e.toString());
      return new Failure(S3Errors.reason(e), S3Errors.detail(e), false);
    }
  }

  /** Opens the file at its path or, when it was renamed before it was opened, at its new name; false when gone. */
  private boolean openWhereItIs(HistoryFile file) throws IOException {
    String atPath;
    try {
      atPath = FileIds.of(file.hostPath);
    } catch (IOException e) {
      atPath = null;
    }
    if (!file.fileId.equals(atPath)) {
      java.nio.file.Path moved = Renames.find(file.logsDir, file.fileId);
      if (moved == null) {
        return false;
      }
      moveTo(file, moved);
    }
    file.channel();
    return true;
  }

  /** Makes {@code key} the file's object; a file that held that name before moves to its new name first. */
  private void claim(HistoryFile file, String key) {
    HistoryFile owner = keyOwners.get(key);
    if (owner != null && owner != file && owner.open()) {
      // Another file had this name (a rotation the records have not shown yet): it moves to its new name first.
      try {
        followRename(owner);
      } catch (IOException | RuntimeException e) {
        log.warn("sink {}: {} now holds another file; the former one could not be uploaded under its new name: {}",
            sinkName, key, e.toString());
      }
    }
    file.key = key;
    file.storedBytes = -1;
    file.copySourceKey = key;
    keyOwners.put(key, file);
  }

  private void release(HistoryFile file) {
    file.close();
    if (file.key != null && keyOwners.get(file.key) == file) {
      keyOwners.remove(file.key);
    }
  }

  /**
   * When the file is no longer at its path (renamed by rotation, moved into {@code logs/old/}), its object moves to
   * its new name: the stored object is copied there inside the store with the new bytes after it, and the former
   * object is removed unless another file has taken that name.
   */
  private void followRename(HistoryFile file) throws IOException {
    if (file.key == null || !file.open()) {
      return;
    }
    String atPath;
    try {
      atPath = FileIds.of(file.hostPath);
    } catch (IOException e) {
      atPath = null;
    }
    if (file.fileId.equals(atPath)) {
      return;
    }
    java.nio.file.Path moved = Renames.find(file.logsDir, file.fileId);
    if (moved == null) {
      return; // deleted: its object keeps its last name, the descriptor still reads it
    }
    String oldKey = file.key;
    moveTo(file, moved);
    uploads.upload(file);
    if (!keyOwners.containsKey(oldKey) && file.storedBytes > 0) {
      store.delete(oldKey);
    }
  }

  private void moveTo(HistoryFile file, java.nio.file.Path moved) {
    String relative = file.logsDir.relativize(moved).toString().replace('\\', '/');
    file.hostPath = moved;
    file.relativePath = relative;
    if (file.key == null) {
      return;
    }
    String oldKey = file.key;
    if (keyOwners.get(oldKey) == file) {
      keyOwners.remove(oldKey);
    }
    file.key = file.logsKey + "/" + relative;
    keyOwners.put(file.key, file);
    if (file.storedBytes <= 0) {
      file.storedBytes = -1; // nothing of it stored yet: ask the store about the new name
      file.copySourceKey = file.key;
    }
  }

  /** The empty object that lists a head pod's session in the History Server, once per session and start. */
  private void writeMetadata(HistoryFile file) {
    PodMetadata pod = file.source.pod();
    if (pod == null || !"head".equals(pod.nodeType())) {
      return;
    }
    String key = HistoryLayout.metadataKey(settings.prefix(), cluster(pod), file.source.session());
    if (metadataWritten.add(key)) {
      try {
        store.put(key, new byte[0], Map.of());
      } catch (RuntimeException e) {
        metadataWritten.remove(key);
        throw e;
      }
    }
  }

  /** Answers every send whose files are uploaded far enough; retries (or rejects) those of failed files. */
  private void answer(Map<HistoryFile, Failure> failed) {
    for (Iterator<PendingSend> it = pending.iterator(); it.hasNext(); ) {
      PendingSend send = it.next();
      Failure failure = null;
      boolean satisfied = true;
      for (Map.Entry<HistoryFile, Long> want : send.wants.entrySet()) {
        failure = failed.get(want.getKey());
        if (failure != null) {
          break;
        }
        if (want.getKey().storedBytes < want.getValue()) {
          satisfied = false;
        }
      }
      if (failure != null || satisfied) {
        it.remove();
        heldCostBytes -= send.costBytes;
        send.done.complete(failure == null ? SendOutcome.delivered(send.costBytes)
            : failure.permanent() ? new SendOutcome.Rejected(failure.reason(), failure.detail())
            : new SendOutcome.Retry(failure.reason(), failure.detail(), 0));
      }
    }
  }

  /** Closes the descriptors of files uploaded whole and quiet for a while; they are found again by their records. */
  private void forgetIdle() {
    long now = nanoTime.getAsLong();
    for (Iterator<Map.Entry<FileProgress, HistoryFile>> it = files.entrySet().iterator(); it.hasNext(); ) {
      HistoryFile file = it.next().getValue();
      if (file.dirty() || now - file.lastRecordNanos < settings.idleCloseNanos() || waitedOn(file)) {
        continue;
      }
      try {
        followRename(file); // a rotation seen only now still moves the object to its final name
        if (file.open() && file.storedBytes < file.channel().size()) {
          uploads.upload(file); // bytes after the last record (lines that made no record)
        }
      } catch (IOException | RuntimeException e) {
        continue; // tried again at the next tick
      }
      release(file);
      it.remove();
    }
  }

  private boolean waitedOn(HistoryFile file) {
    for (PendingSend send : pending) {
      if (send.wants.containsKey(file)) {
        return true;
      }
    }
    return false;
  }

  /** The History Server's name for the pod's cluster; null when the pod names none. */
  static HistoryLayout.Cluster cluster(PodMetadata pod) {
    if (pod == null || pod.cluster() == null) {
      return null;
    }
    return new HistoryLayout.Cluster(pod.ownerKind(), pod.ownerName(), pod.namespace(), pod.cluster());
  }

  @Override
  public void close() {
    if (worker.isShutdown()) {
      return;
    }
    worker.execute(() -> {
      logCounts();
      files.values().forEach(HistoryFile::close);
    });
    worker.shutdown();
    try {
      if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
        worker.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    store.close();
  }

  /** A send of the delivery stage waiting for its files' uploads. */
  private static final class PendingSend {
    final Completion done;
    final Map<HistoryFile, Long> wants = new IdentityHashMap<>();
    long costBytes;

    PendingSend(Completion done) {
      this.done = done;
    }
  }
}
