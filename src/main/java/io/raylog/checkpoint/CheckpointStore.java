package io.raylog.checkpoint;

import io.raylog.parse.WorkerContext;
import io.raylog.record.FileKey;
import io.raylog.record.Fingerprint;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The checkpoint file {@code <state_dir>/checkpoints.json}: versioned JSON, replaced atomically (write a temp
 * file, fsync it, rename it over the old one, fsync the directory), so a crash at any moment leaves either the old
 * or the new store, never a torn one.
 *
 * <p>A store that cannot be parsed is moved aside (kept for a person to inspect) and raylog starts as if it had no
 * checkpoints for those files: it reads them from the beginning, which duplicates rather than loses. A store
 * written by a newer, incompatible raylog stops start-up instead, so that a downgrade does not silently re-ship
 * everything. {@link #load} and {@link #save} run on one thread at a time; {@link #append} may run on others.
 *
 * <p>Between two snapshots, the offsets that changed are appended to a journal ({@link CheckpointJournal}) as
 * acknowledgements arrive, and {@link #sync} makes them durable; {@link #load} replays it over the snapshot. The
 * snapshot is rewritten ({@link #save}) only to compact the journal; see {@link Checkpointer} for when.
 */
public final class CheckpointStore {
  public static final int VERSION = 1;
  public static final String FILE_NAME = "checkpoints.json";

  private static final Logger log = LoggerFactory.getLogger(CheckpointStore.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Path directory;
  private final Path file;
  private final Path temp;
  private final CheckpointJournal journal;
  /** The journal segment the snapshot on disk continues ({@code journal_id}); a new snapshot takes a higher id. */
  private volatile long snapshotId;
  /** The size of the snapshot on disk: the journal is compacted when it outgrows it. */
  private volatile long snapshotBytes;
  private Consumer<SaveStep> afterStep = step -> {};

  /** The steps of {@link #save}, in order: tests stop it after each, as a {@code kill -9} would. */
  enum SaveStep { JOURNAL_STARTED, SNAPSHOT_WRITTEN, SNAPSHOT_RENAMED, DIRECTORY_SYNCED, OLD_JOURNAL_DELETED }

  /** What {@link #load} found. {@code firstStart} is true when no store existed at all. */
  public record Loaded(Map<FileKey, FileCheckpoint> checkpoints, boolean firstStart) {}

  public CheckpointStore(Path directory) {
    this.directory = directory;
    this.file = directory.resolve(FILE_NAME);
    this.temp = directory.resolve(FILE_NAME + ".tmp");
    this.journal = new CheckpointJournal(directory);
  }

  public Path file() {
    return file;
  }

  public Loaded load() throws IOException {
    byte[] bytes;
    try {
      Files.createDirectories(directory);
      if (!Files.isWritable(directory)) {
        throw new java.nio.file.AccessDeniedException(directory.toString());
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      Map<FileKey, FileCheckpoint> journaled = new HashMap<>();
      snapshotId = 0;
      snapshotBytes = 0;
      openJournal(journaled);
      return new Loaded(journaled, true);
    } catch (IOException e) {
      throw new IOException("state_dir " + directory + " cannot hold the checkpoint store (" + e.getClass().getSimpleName()
          + ": " + e.getMessage() + "); it must be a writable directory, on a persistent volume in Kubernetes", e);
    }
    try {
      Map<FileKey, FileCheckpoint> checkpoints = parse(bytes);
      snapshotBytes = bytes.length;
      openJournal(checkpoints);
      return new Loaded(checkpoints, false);
    } catch (CorruptStoreException | JacksonException e) {
      Path aside = directory.resolve(FILE_NAME + ".corrupt-" + System.currentTimeMillis());
      Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
      log.error(
          "checkpoint store {} is unreadable ({}); moved it to {} and will read every file from the beginning"
              + " (records already shipped will be shipped again)",
          file, e.getMessage(), aside);
      // whatever journal is there continued the lost snapshot: not this one (its segments are dropped)
      snapshotId = System.currentTimeMillis();
      snapshotBytes = 0;
      openJournal(new HashMap<>());
      return new Loaded(Map.of(), false);
    }
  }

  /**
   * Replays the journal over the snapshot's checkpoints and opens it for appends. A journal that cannot be
   * written (a full disk) does not stop start-up: appends stay off until the next snapshot starts a new one.
   */
  private synchronized void openJournal(Map<FileKey, FileCheckpoint> checkpoints) {
    try {
      journal.replayAndOpen(snapshotId, checkpoints);
    } catch (IOException e) {
      log.warn("cannot open the checkpoint journal {} ({}); checkpoints follow the snapshot every interval until"
          + " it can be written", journal.file(), e.toString());
    }
  }

  /** The saved worker context; an entry without one (or from before markers were saved) has none. */
  private static WorkerContext worker(JsonNode node) {
    if (node == null || !node.isObject()) {
      return WorkerContext.NONE;
    }
    return new WorkerContext(text(node, "job_id"), text(node, "actor_name"), text(node, "task_name"));
  }

  private static String text(JsonNode node, String key) {
    JsonNode value = node.get(key);
    return value != null && value.isString() ? value.asString() : null;
  }

  /**
   * Appends the checkpoints that changed to the journal, without fsync (see {@link CheckpointJournal}). They are
   * computed under the store's lock, so that each lands in the journal segment of the moment it was computed: a
   * snapshot started later reads offsets at least as far. False when they could not be recorded, because an
   * earlier append failed: the journal stays silent until the next {@link #save} starts a new segment.
   */
  public synchronized boolean append(Supplier<List<FileCheckpoint>> changed) throws IOException {
    List<FileCheckpoint> checkpoints = changed.get();
    if (checkpoints.isEmpty()) {
      return true;
    }
    journal.append(checkpoints);
    return !journal.broken();
  }

  public boolean append(List<FileCheckpoint> changed) throws IOException {
    return append(() -> changed);
  }

  /**
   * Makes the journal's appends durable (fdatasync), outside the store's lock so that appends do not wait for it.
   * False when nothing was appended since the last one. Called by one thread, the one that calls {@link #save}.
   */
  public boolean sync() throws IOException {
    return journal.force();
  }

  /** Bytes of journal that a start would read on top of the snapshot. */
  public synchronized long journalBytes() {
    return journal.bytes();
  }

  /** Whether the journal holds offsets the snapshot on disk does not: a last snapshot would not be a rewrite. */
  public synchronized boolean journaled() {
    return journal.hasEntries();
  }

  /** Whether a snapshot is on disk: without one, the next load is a first start. */
  public boolean hasSnapshot() {
    return snapshotBytes > 0;
  }

  public long snapshotBytes() {
    return snapshotBytes;
  }

  /** The journal's path, for messages. */
  public synchronized Path journalFile() {
    return journal.file();
  }

  /** For tests: runs after each step of {@link #save}. */
  void afterStep(Consumer<SaveStep> hook) {
    this.afterStep = hook;
  }

  public synchronized void close() {
    journal.close();
  }

  /** Writes one entry; {@code withPath} false leaves out the path, which only people read. */
  static void write(JsonGenerator json, FileCheckpoint checkpoint, boolean withPath) {
    json.writeStartObject();
    json.writeNumberProperty("device", checkpoint.key().device());
    json.writeNumberProperty("inode", checkpoint.key().inode());
    json.writeNumberProperty("fingerprint_length", checkpoint.fingerprint().length());
    json.writeNumberProperty("fingerprint_crc", checkpoint.fingerprint().crc());
    json.writeNumberProperty("offset", checkpoint.offset());
    if (withPath) {
      json.writeStringProperty("path", checkpoint.path());
    }
    WorkerContext worker = checkpoint.worker();
    if (worker != null && !worker.isEmpty()) {
      json.writeObjectPropertyStart("worker");
      writeIfKnown(json, "job_id", worker.jobId());
      writeIfKnown(json, "actor_name", worker.actorName());
      writeIfKnown(json, "task_name", worker.taskName());
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  private static void writeIfKnown(JsonGenerator json, String key, String value) {
    if (value != null) {
      json.writeStringProperty(key, value);
    }
  }

  /** The checkpoint an entry holds, or null when a field is missing or malformed. */
  static FileCheckpoint entryOf(JsonNode entry) {
    if (!hasLongs(entry, "device", "inode", "fingerprint_length", "fingerprint_crc", "offset")) {
      return null;
    }
    FileKey key = new FileKey(entry.get("device").asLong(), entry.get("inode").asLong());
    Fingerprint fingerprint = new Fingerprint(entry.get("fingerprint_length").asInt(), entry.get("fingerprint_crc").asLong());
    JsonNode path = entry.get("path");
    return new FileCheckpoint(key, fingerprint, entry.get("offset").asLong(), path == null ? "" : path.asString(),
        worker(entry.get("worker")));
  }

  /**
   * Replaces the snapshot atomically with the {@code checkpoints} it computes, in an order that leaves no moment
   * where a {@code kill -9} loses the acknowledgements journaled meanwhile:
   *
   * <ol>
   *   <li>a new journal segment starts (under the lock: appends from now on go there);
   *   <li>the checkpoints are computed, so they are at least as recent as every line of the older segments;
   *   <li>the snapshot naming the new segment is written to a temp file, fsynced, renamed into place, and the
   *       directory is fsynced;
   *   <li>the older segments, which it covers, are deleted.
   * </ol>
   *
   * Killed before the rename, the old snapshot is read with its segments and the new one (all the
   * acknowledgements, in order); after it, the new snapshot with the new segment, and the older segments are
   * deleted unread. The snapshot is written and fsynced without holding the store, so that appends (on the sinks'
   * threads) never wait for an fsync. Called by one thread at a time.
   */
  public void save(Consumer<Consumer<FileCheckpoint>> checkpoints) throws IOException {
    long id;
    synchronized (this) {
      id = Math.max(snapshotId, journal.lastId()) + 1;
      journal.startSegment(id);
    }
    afterStep.accept(SaveStep.JOURNAL_STARTED);
    long bytes;
    // Streamed, entry by entry: a node with 200,000 files must not build the document (or a list of its entries) in
    // memory to write it.
    try (FileChannel out =
        FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      OutputStream keepOpen = new FilterOutputStream(Channels.newOutputStream(out)) {
        @Override
        public void write(byte[] bytes, int from, int length) throws IOException {
          out.write(bytes, from, length); // whole, not byte by byte as FilterOutputStream would
        }

        @Override
        public void close() throws IOException {
          flush(); // the channel stays open, to be fsynced
        }
      };
      try (JsonGenerator json = JSON.createGenerator(new BufferedOutputStream(keepOpen, 64 * 1024))) {
        json.writeStartObject();
        json.writeNumberProperty("version", VERSION);
        json.writeNumberProperty("written_at_ms", System.currentTimeMillis());
        json.writeNumberProperty("journal_id", id);
        json.writeArrayPropertyStart("files");
        checkpoints.accept(checkpoint -> write(json, checkpoint, true));
        json.writeEndArray();
        json.writeEndObject();
      }
      bytes = out.size();
      out.force(true);
    }
    afterStep.accept(SaveStep.SNAPSHOT_WRITTEN);
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the state directory " + directory + " does not support atomic rename", e);
    }
    afterStep.accept(SaveStep.SNAPSHOT_RENAMED);
    syncDirectory(directory);
    snapshotId = id;
    snapshotBytes = bytes;
    afterStep.accept(SaveStep.DIRECTORY_SYNCED);
    synchronized (this) {
      journal.dropBefore(id);
    }
    afterStep.accept(SaveStep.OLD_JOURNAL_DELETED);
  }

  /** Saves checkpoints computed already; see {@link #save(Consumer)}. */
  public void save(List<FileCheckpoint> checkpoints) throws IOException {
    save(checkpoints::forEach);
  }

  static void syncDirectory(Path directory) {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // Some filesystems refuse to fsync a directory; the rename is still atomic there.
    }
  }

  private Map<FileKey, FileCheckpoint> parse(byte[] bytes) {
    JsonNode root = JSON.readTree(bytes);
    if (root == null || !root.isObject()) {
      throw new CorruptStoreException("not a JSON object");
    }
    JsonNode version = root.get("version");
    if (version == null || !version.isIntegralNumber()) {
      throw new CorruptStoreException("no version");
    }
    if (version.asInt() > VERSION) {
      throw new IllegalStateException(
          file + " was written by a newer raylog (store version " + version.asInt() + "; this raylog reads version "
              + VERSION + "). Upgrade raylog, or move the file away to re-read every file from the beginning.");
    }
    JsonNode files = root.get("files");
    if (files == null || !files.isArray()) {
      throw new CorruptStoreException("no files array");
    }
    JsonNode journal = root.get("journal_id");
    snapshotId = journal != null && journal.isIntegralNumber() ? journal.asLong() : 0;
    Map<FileKey, FileCheckpoint> result = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (JsonNode entry : files) {
      FileCheckpoint checkpoint = entryOf(entry);
      if (checkpoint == null) {
        problems.add(entry.toString());
        continue;
      }
      result.put(checkpoint.key(), checkpoint);
    }
    if (!problems.isEmpty()) {
      throw new CorruptStoreException(problems.size() + " malformed entries, first: " + problems.get(0));
    }
    return result;
  }

  private static boolean hasLongs(JsonNode entry, String... names) {
    for (String name : names) {
      JsonNode value = entry.get(name);
      if (value == null || !value.isIntegralNumber() || value.asLong() < 0 && !name.equals("fingerprint_crc")) {
        return false;
      }
    }
    return true;
  }

  private static final class CorruptStoreException extends RuntimeException {
    CorruptStoreException(String message) {
      super(message);
    }
  }
}
