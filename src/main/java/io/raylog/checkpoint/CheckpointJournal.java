package io.raylog.checkpoint;

import io.raylog.record.FileKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.core.JsonGenerator;

/**
 * The committed offsets that changed since the snapshot ({@code checkpoints.json}), one JSON line per file, appended
 * as acknowledgements arrive: the regular durable path of the checkpoints, so that their cost follows the files
 * that change and not the files followed.
 *
 * <p>The journal is a chain of segments, {@code checkpoints.journal.<id>}, each starting with a header line
 * {@code {"journal":<id>}}. A snapshot is computed only after a new segment has started, and records that segment's
 * id ({@code journal_id}), so everything appended before the snapshot was computed is in older segments and
 * everything after it in that segment or later ones. {@link #replayAndOpen} applies, in id order, every segment from
 * the snapshot's id on, and deletes the older ones, which the snapshot covers. No step of writing a snapshot
 * leaves a moment where the acknowledgements since it was computed are nowhere: they are in a segment the snapshot
 * on disk (old or new) reads. (A single journal restarted after the rename had such a moment: a {@code kill -9}
 * between the rename and the restart left a journal of the previous snapshot, ignored at the next start, and
 * every acknowledgement appended while the snapshot was fsynced was shipped again.) A journal from before
 * segments, {@code checkpoints.journal}, is read as the segment its header names.
 *
 * <p>Appends are not fsynced: a killed process leaves its writes in the page cache, so they survive {@code kill -9}.
 * {@link #force} (every {@code checkpoint.interval}, when something was appended) makes them survive a power loss;
 * one lost before it costs duplicates, never loss, because an entry only ever records an acknowledged offset.
 *
 * <p>A torn last line (a write cut by the crash) is ignored; a line that cannot be read followed by more lines is
 * corruption: that segment is moved aside and the others are used. Used under the store's lock, except
 * {@link #force}, which runs beside appends (the snapshot thread only) so that they never wait for an fsync.
 */
final class CheckpointJournal {
  static final String FILE_NAME = "checkpoints.journal";
  /** More than the longest header, {"journal":<19 digits>}. */
  private static final int HEADER_MAX_BYTES = 64;

  private static final Logger log = LoggerFactory.getLogger(CheckpointJournal.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Path directory;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(4096);
  /** The segments the snapshot on disk needs, by id, each with its size; appends go to the last. */
  private final TreeMap<Long, Segment> live = new TreeMap<>();
  /** The last segment's; replaced only on the snapshot thread, read by {@link #force} there without the lock. */
  private volatile FileChannel channel;
  /** Set by a failed write: appends stop until a new segment starts, so no torn line is ever followed by more. */
  private boolean broken = true;
  /** Appends not yet forced; written under the store's lock, read and cleared by {@link #force}. */
  private volatile boolean unsynced;
  /** A segment was created since the directory was last fsynced: its name is not durable yet. */
  private volatile boolean created;

  private static final class Segment {
    final Path file;
    long bytes;
    /** The end of the header: a segment no longer than this holds no entry. */
    long headerBytes;

    Segment(Path file, long bytes, long headerBytes) {
      this.file = file;
      this.bytes = bytes;
      this.headerBytes = headerBytes;
    }
  }

  CheckpointJournal(Path directory) {
    this.directory = directory;
  }

  /** The segment being appended to, for messages. */
  Path file() {
    return live.isEmpty() ? directory.resolve(FILE_NAME) : live.lastEntry().getValue().file;
  }

  Path segment(long id) {
    return directory.resolve(FILE_NAME + "." + id);
  }

  /** Bytes of the segments the snapshot on disk needs: what a start reads on top of it. */
  long bytes() {
    long total = 0;
    for (Segment segment : live.values()) {
      total += segment.bytes;
    }
    return total;
  }

  /** Whether any live segment holds an entry: offsets the snapshot on disk does not have. */
  boolean hasEntries() {
    for (Segment segment : live.values()) {
      if (segment.bytes > segment.headerBytes) {
        return true;
      }
    }
    return false;
  }

  boolean broken() {
    return broken;
  }

  /**
   * Applies every segment from {@code snapshotId} on to {@code checkpoints}, in order, deletes the older ones and
   * opens the last to append after its last complete line. Without one, starts segment {@code snapshotId}.
   */
  void replayAndOpen(long snapshotId, Map<FileKey, FileCheckpoint> checkpoints) throws IOException {
    close();
    live.clear();
    for (Map.Entry<Long, Path> found : segmentsOnDisk().entrySet()) {
      long id = found.getKey();
      Path file = found.getValue();
      if (id < snapshotId) {
        Files.delete(file); // the snapshot on disk was computed after every line of it
        continue;
      }
      byte[] bytes = Files.readAllBytes(file);
      int validEnd = replay(file, bytes, checkpoints);
      if (validEnd >= 0) {
        live.put(id, new Segment(file, validEnd, indexOf(bytes, 0) + 1));
      }
    }
    if (live.isEmpty()) {
      startSegment(snapshotId);
      return;
    }
    Segment last = live.lastEntry().getValue();
    channel = FileChannel.open(last.file, StandardOpenOption.WRITE);
    channel.truncate(last.bytes); // a torn last line would otherwise be glued to the next append
    channel.position(last.bytes);
    broken = false;
  }

  /** The segment files in the directory, by the id of their header; an empty or headless one is deleted. */
  private TreeMap<Long, Path> segmentsOnDisk() throws IOException {
    TreeMap<Long, Path> result = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> listing = Files.list(directory)) {
      files = listing.filter(file -> isSegment(file) && Files.isRegularFile(file)).toList();
    }
    for (Path file : files) {
      byte[] bytes;
      try (InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes(HEADER_MAX_BYTES);
      }
      int headerEnd = indexOf(bytes, 0);
      JsonNode header = headerEnd < 0 ? null : parseLine(bytes, 0, headerEnd);
      if (headerEnd < 0) {
        Files.delete(file); // created, or torn, before its header was complete: nothing was journaled in it
      } else if (header == null || !header.has("journal")) {
        corrupt(file, "no header line");
      } else {
        result.put(header.get("journal").asLong(), file);
      }
    }
    return result;
  }

  private static boolean isSegment(Path file) {
    String name = file.getFileName().toString();
    return name.equals(FILE_NAME) || name.startsWith(FILE_NAME + ".") && name.substring(FILE_NAME.length() + 1)
        .chars().allMatch(Character::isDigit);
  }

  /** Applies one segment's lines; the end of the last complete line, or -1 when the segment is corrupt. */
  private int replay(Path file, byte[] bytes, Map<FileKey, FileCheckpoint> checkpoints) throws IOException {
    Map<FileKey, FileCheckpoint> applied = new HashMap<>();
    int start = indexOf(bytes, 0) + 1;
    while (start < bytes.length) {
      int end = indexOf(bytes, start);
      if (end < 0) {
        log.info("checkpoint journal {}: ignoring a torn last line ({} bytes), cut by a crash", file,
            bytes.length - start);
        break;
      }
      FileCheckpoint entry = entry(parseLine(bytes, start, end));
      if (entry == null) {
        return corrupt(file, "unreadable line at byte " + start);
      }
      FileCheckpoint before = applied.getOrDefault(entry.key(), checkpoints.get(entry.key()));
      String path = entry.path().isEmpty() && before != null ? before.path() : entry.path();
      applied.put(entry.key(), new FileCheckpoint(entry.key(), entry.fingerprint(), entry.offset(), path, entry.worker()));
      start = end + 1;
    }
    checkpoints.putAll(applied);
    return Math.min(start, bytes.length);
  }

  private int corrupt(Path file, String why) throws IOException {
    Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + System.currentTimeMillis());
    Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
    log.error("checkpoint journal {} is unreadable ({}); moved it to {} and resuming from the snapshot {} and the"
            + " other journal segments (records acknowledged in it will be shipped again)",
        file, why, aside, CheckpointStore.FILE_NAME);
    return -1;
  }

  private static int indexOf(byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static JsonNode parseLine(byte[] bytes, int from, int to) {
    try {
      JsonNode node = JSON.readTree(new String(bytes, from, to - from, StandardCharsets.UTF_8));
      return node != null && node.isObject() ? node : null;
    } catch (JacksonException e) {
      return null;
    }
  }

  private static FileCheckpoint entry(JsonNode node) {
    return node == null ? null : CheckpointStore.entryOf(node);
  }

  /**
   * Starts segment {@code id}, empty: appends go there from now on. The older segments stay until
   * {@link #dropBefore} (the snapshot that covers them is on disk).
   */
  void startSegment(long id) throws IOException {
    close();
    broken = true; // until the header is written whole
    Path file = segment(id);
    channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
    created = true;
    Segment segment = new Segment(file, 0, 0);
    live.put(id, segment);
    byte[] header = ("{\"journal\":" + id + "}\n").getBytes(StandardCharsets.UTF_8);
    segment.headerBytes = header.length;
    writeFully(segment, header);
    broken = false;
  }

  /** Deletes the segments before {@code id}: a snapshot computed after their last line is on disk. */
  void dropBefore(long id) throws IOException {
    while (!live.isEmpty() && live.firstKey() < id) {
      Files.deleteIfExists(live.pollFirstEntry().getValue().file);
    }
  }

  /** Appends one line per checkpoint in a single write; does nothing after a failed write, until a new segment. */
  void append(List<FileCheckpoint> checkpoints) throws IOException {
    if (broken || channel == null || checkpoints.isEmpty()) {
      return;
    }
    buffer.reset();
    for (FileCheckpoint checkpoint : checkpoints) {
      try (JsonGenerator json = JSON.createGenerator(buffer)) {
        CheckpointStore.write(json, checkpoint, false);
      }
      buffer.write('\n');
    }
    broken = true;
    writeFully(live.lastEntry().getValue(), buffer.toByteArray());
    broken = false;
  }

  private void writeFully(Segment segment, byte[] bytes) throws IOException {
    ByteBuffer out = ByteBuffer.wrap(bytes);
    while (out.hasRemaining()) {
      segment.bytes += channel.write(out);
    }
    unsynced = true;
  }

  /**
   * Makes the appends so far durable (fdatasync), when there are any; false when there was nothing to do. The
   * directory is fsynced too after a segment was created, so that its name survives a power loss.
   */
  boolean force() throws IOException {
    FileChannel current = channel;
    if (!unsynced || current == null) {
      return false;
    }
    unsynced = false; // before the fsync: an append during it sets it again, for the next interval
    current.force(false);
    if (created) {
      created = false;
      CheckpointStore.syncDirectory(directory);
    }
    return true;
  }

  /** The id of the segment appended to; the next one takes a higher id. */
  long lastId() {
    return live.isEmpty() ? -1 : live.lastKey();
  }

  /** Closes the segment appended to; appends stop until a new segment starts. */
  void close() {
    broken = true;
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // read back at the next start; nothing to do now
      }
      channel = null;
    }
  }
}
