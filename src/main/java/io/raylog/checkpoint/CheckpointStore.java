package io.raylog.checkpoint;

import io.raylog.parse.WorkerContext;
import io.raylog.record.FileKey;
import io.raylog.record.Fingerprint;
import java.io.IOException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

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
 * acknowledgements arrive; {@link #load} replays it over the snapshot, and each {@link #save} starts it again.
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
  /** The id of the journal that continues the snapshot on disk; the next snapshot takes the next id. */
  private volatile long journalId;
  /** Between {@link #beginSnapshot} and the end of {@link #save}: what was appended meanwhile. */
  private boolean carrying;
  private final List<FileCheckpoint> carried = new ArrayList<>();

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
      journalId = 0;
      openJournal(journaled);
      return new Loaded(journaled, true);
    } catch (IOException e) {
      throw new IOException("state_dir " + directory + " cannot hold the checkpoint store (" + e.getClass().getSimpleName()
          + ": " + e.getMessage() + "); it must be a writable directory, on a persistent volume in Kubernetes", e);
    }
    try {
      Map<FileKey, FileCheckpoint> checkpoints = parse(bytes);
      openJournal(checkpoints);
      return new Loaded(checkpoints, false);
    } catch (CorruptStoreException | JacksonException e) {
      Path aside = directory.resolve(FILE_NAME + ".corrupt-" + System.currentTimeMillis());
      Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
      log.error(
          "checkpoint store {} is unreadable ({}); moved it to {} and will read every file from the beginning"
              + " (records already shipped will be shipped again)",
          file, e.getMessage(), aside);
      journalId = System.currentTimeMillis(); // whatever journal is there continued the lost snapshot: not this one
      openJournal(new HashMap<>());
      return new Loaded(Map.of(), false);
    }
  }

  /**
   * Replays the journal over the snapshot's checkpoints and opens it for appends. A journal that cannot be
   * written (a full disk) does not stop start-up: appends stay off until the next snapshot starts a new one.
   */
  private void openJournal(Map<FileKey, FileCheckpoint> checkpoints) {
    try {
      journal.replayAndOpen(journalId, checkpoints);
    } catch (IOException e) {
      log.warn("cannot open the checkpoint journal {} ({}); checkpoints follow the snapshot every interval until"
          + " it can be written", journal.file(), e.toString());
    }
  }

  private static void putIfKnown(ObjectNode node, String key, String value) {
    if (value != null) {
      node.put(key, value);
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
   * Appends the checkpoints that changed to the journal, without fsync (see {@link CheckpointJournal}). After a
   * failed append the journal stays silent until the next successful {@link #save}, which covers everything.
   */
  public synchronized void append(List<FileCheckpoint> changed) throws IOException {
    if (changed.isEmpty()) {
      return;
    }
    if (carrying) {
      carried.addAll(changed);
    }
    journal.append(changed);
  }

  /**
   * A snapshot is about to be computed: the entries appended from now until {@link #save} starts the new journal
   * are kept, and written again into it, since the snapshot may have been computed before some of them.
   */
  public synchronized void beginSnapshot() {
    carried.clear();
    carrying = true;
  }

  /** The journal's path, for messages. */
  public Path journalFile() {
    return journal.file();
  }

  public synchronized void close() {
    journal.close();
  }

  /** Writes one entry's fields; {@code withPath} false leaves out the path, which only people read. */
  static void fill(ObjectNode entry, FileCheckpoint checkpoint, boolean withPath) {
    entry.put("device", checkpoint.key().device());
    entry.put("inode", checkpoint.key().inode());
    entry.put("fingerprint_length", checkpoint.fingerprint().length());
    entry.put("fingerprint_crc", checkpoint.fingerprint().crc());
    entry.put("offset", checkpoint.offset());
    if (withPath) {
      entry.put("path", checkpoint.path());
    }
    WorkerContext worker = checkpoint.worker();
    if (worker != null && !worker.isEmpty()) {
      ObjectNode context = entry.putObject("worker");
      putIfKnown(context, "job_id", worker.jobId());
      putIfKnown(context, "actor_name", worker.actorName());
      putIfKnown(context, "task_name", worker.taskName());
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
   * Replaces the snapshot atomically with {@code checkpoints}, then starts a new journal continuing it (holding
   * the entries appended since {@link #beginSnapshot}). A crash between the two leaves a journal of the old
   * snapshot, which the next load recognises and ignores. The snapshot is written and fsynced without holding the
   * store, so that appends (on the sinks' threads) never wait for an fsync.
   */
  public void save(List<FileCheckpoint> checkpoints) throws IOException {
    long nextJournal = journalId + 1;
    ObjectNode root = JSON.createObjectNode();
    root.put("version", VERSION);
    root.put("written_at_ms", System.currentTimeMillis());
    root.put("journal_id", nextJournal);
    ArrayNode files = root.putArray("files");
    for (FileCheckpoint checkpoint : checkpoints) {
      fill(files.addObject(), checkpoint, true);
    }
    byte[] bytes = JSON.writeValueAsBytes(root);
    try (FileChannel out =
        FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
      out.force(true);
    }
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the state directory " + directory + " does not support atomic rename", e);
    }
    syncDirectory();
    synchronized (this) {
      journalId = nextJournal;
      carrying = false;
      journal.start(journalId);
      journal.append(carried); // appended while the snapshot was written: maybe newer than it
      carried.clear();
    }
  }

  private void syncDirectory() {
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
    journalId = journal != null && journal.isIntegralNumber() ? journal.asLong() : 0;
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
