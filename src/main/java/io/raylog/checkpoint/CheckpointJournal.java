package io.raylog.checkpoint;

import io.raylog.record.FileKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code <state_dir>/checkpoints.journal}: the committed offsets that changed since the last snapshot
 * ({@code checkpoints.json}), one JSON line per file, appended as acknowledgements arrive. It is what keeps the
 * duplicate window after a {@code kill -9} down to the records in flight: the snapshot is rewritten only every
 * {@code checkpoint.interval}, the journal after every batch of acknowledgements.
 *
 * <p>Appends are not fsynced: a killed process leaves its writes in the page cache, so they survive {@code kill -9};
 * only a power loss can take them, and then the snapshot (fsynced every interval) is what remains, which means
 * duplicates, never loss, because the journal only ever records offsets at or past the snapshot's.
 *
 * <p>The first line names the snapshot the journal continues ({@code {"journal":N}}, the snapshot's
 * {@code journal_id}); a journal of another snapshot (a crash between writing a snapshot and starting its journal)
 * is stale and ignored. A torn last line (a write cut by the crash) is ignored; a line that cannot be read followed
 * by more lines is corruption: the journal is moved aside and the snapshot alone is used. Used by one thread.
 */
final class CheckpointJournal {
  static final String FILE_NAME = "checkpoints.journal";

  private static final Logger log = LoggerFactory.getLogger(CheckpointJournal.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Path directory;
  private final Path file;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(4096);
  private FileChannel channel;
  /** Set by a failed write: appends stop until a new journal starts, so no torn line is ever followed by more. */
  private boolean broken;

  CheckpointJournal(Path directory) {
    this.directory = directory;
    this.file = directory.resolve(FILE_NAME);
  }

  Path file() {
    return file;
  }

  /**
   * Applies the journal of snapshot {@code journalId} to {@code checkpoints}, in order, and opens it to append
   * after its last complete line. Anything else (no journal, a stale or corrupt one) starts a new, empty journal.
   */
  void replayAndOpen(long journalId, Map<FileKey, FileCheckpoint> checkpoints) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      start(journalId);
      return;
    }
    int validEnd = replay(bytes, journalId, checkpoints);
    if (validEnd < 0) {
      start(journalId);
      return;
    }
    channel = FileChannel.open(file, StandardOpenOption.WRITE);
    channel.truncate(validEnd); // a torn last line would otherwise be glued to the next append
    channel.position(validEnd);
    broken = false;
  }

  /** The end of the last complete line applied, or -1 when the journal must be started again. */
  private int replay(byte[] bytes, long journalId, Map<FileKey, FileCheckpoint> checkpoints) throws IOException {
    int headerEnd = indexOf(bytes, 0);
    if (headerEnd < 0) {
      return -1; // empty, or torn before its header was complete: nothing was journaled
    }
    JsonNode header = parseLine(bytes, 0, headerEnd);
    if (header == null || !header.has("journal")) {
      return corrupt("no header line");
    }
    if (header.get("journal").asLong() != journalId) {
      log.info("checkpoint journal {} belongs to another snapshot (journal {} , snapshot expects {}); ignoring it",
          file, header.get("journal").asLong(), journalId);
      return -1;
    }
    Map<FileKey, FileCheckpoint> applied = new java.util.HashMap<>();
    int start = headerEnd + 1;
    while (start < bytes.length) {
      int end = indexOf(bytes, start);
      if (end < 0) {
        log.info("checkpoint journal {}: ignoring a torn last line ({} bytes), cut by a crash", file,
            bytes.length - start);
        break;
      }
      FileCheckpoint entry = entry(parseLine(bytes, start, end));
      if (entry == null) {
        return corrupt("unreadable line at byte " + start);
      }
      FileCheckpoint before = checkpoints.get(entry.key());
      String path = entry.path().isEmpty() && before != null ? before.path() : entry.path();
      applied.put(entry.key(), new FileCheckpoint(entry.key(), entry.fingerprint(), entry.offset(), path, entry.worker()));
      start = end + 1;
    }
    checkpoints.putAll(applied);
    return start > bytes.length ? bytes.length : start;
  }

  private int corrupt(String why) throws IOException {
    Path aside = directory.resolve(FILE_NAME + ".corrupt-" + System.currentTimeMillis());
    Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
    log.error("checkpoint journal {} is unreadable ({}); moved it to {} and resuming from the snapshot {} alone"
            + " (records acknowledged after it will be shipped again)",
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

  /** Starts an empty journal continuing snapshot {@code journalId}. */
  void start(long journalId) throws IOException {
    if (channel == null) {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }
    broken = true; // until the header is written whole
    channel.truncate(0);
    channel.position(0);
    writeFully(("{\"journal\":" + journalId + "}\n").getBytes(StandardCharsets.UTF_8));
    broken = false;
  }

  /** Appends one line per checkpoint in a single write; does nothing after a failed write, until {@link #start}. */
  void append(List<FileCheckpoint> checkpoints) throws IOException {
    if (broken || channel == null || checkpoints.isEmpty()) {
      return;
    }
    buffer.reset();
    for (FileCheckpoint checkpoint : checkpoints) {
      ObjectNode entry = JSON.createObjectNode();
      CheckpointStore.fill(entry, checkpoint, false);
      buffer.write(JSON.writeValueAsBytes(entry));
      buffer.write('\n');
    }
    broken = true;
    writeFully(buffer.toByteArray());
    broken = false;
  }

  private void writeFully(byte[] bytes) throws IOException {
    ByteBuffer out = ByteBuffer.wrap(bytes);
    while (out.hasRemaining()) {
      channel.write(out);
    }
  }

  void close() {
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
