package io.raylog.tail;

import io.raylog.parse.ParseSettings;
import io.raylog.parse.RecordAssembler;
import io.raylog.parse.WorkerContext;
import io.raylog.pipeline.RecordChunk;
import io.raylog.record.ByteScan;
import io.raylog.record.FileKey;
import io.raylog.record.FileProgress;
import io.raylog.record.Fingerprint;
import io.raylog.record.LogRecord;
import io.raylog.record.SourceFile;
import io.raylog.record.Utf8;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One open file being followed: its channel, how far it has been read, its unfinished line, and the progress of
 * its records through the sinks. The channel stays open across renames (rotation, moves into {@code old/}), so a
 * rotated file is read to its end through the same descriptor.
 *
 * <p>Thread-safety: read and mutated by the tail thread only, except the volatile fields, which the checkpoint
 * thread and the status page read.
 */
final class TailedFile implements LineSplitter.LineSink, ContainerLogLines.Output {
  final FileKey key;
  private final FileChannel channel;
  private final LineSplitter splitter;
  private final int sinks;
  private final TailEvents events;

  volatile Path path;
  private volatile SourceFile source;
  /** Parses and joins the lines; null when parsing is off and every line is a raw record. */
  private final RecordAssembler assembler;
  volatile FileProgress progress;
  volatile Fingerprint fingerprint;
  volatile long readOffset;
  volatile long sizeSeen;

  long lastDataNanos;
  long nextCheckNanos;
  long idleBackoffNanos;
  /**
   * A copy-truncate copy read from where the truncated content was read to: that content's progress, and the
   * offset its records end at. Until they are all acknowledged, this file's checkpoint stays at the old content's
   * committed offset, so a crash re-reads them from the copy instead of losing them. Null otherwise.
   */
  private volatile FileProgress predecessor;
  private volatile long predecessorEnd;
  /** What the checkpoint journal last recorded for this file; the checkpoint thread's own. */
  FileProgress journaledProgress;
  long journaledOffset = -1;
  /** When the file was found gone from the tree, or -1 while it is still there. */
  long deletedAtNanos = -1;

  /** Issue 4: CRI decoding for kubelet container logs; created on the first line of such a file. */
  private ContainerLogLines containerLines;
  private final int maxLineBytes;

  private RecordChunk chunk;
  /** The array of the read in progress: lines in it are shared, lines elsewhere (held partial lines) are copied. */
  private byte[] readBuffer;
  private boolean readBufferAscii;
  private long observedMillis;
  /** Lines seen by the last {@link #read}; records can be fewer (joined, markers) or more (split). */
  int linesInLastRead;
  private final java.util.function.Consumer<LogRecord> toChunk = record -> chunk.add(record);

  TailedFile(FileKey key, FileChannel channel, Path path, SourceFile source, long startOffset, Fingerprint fingerprint,
      int maxLineBytes, int sinks, TailEvents events, long nowNanos, ParseSettings parse, WorkerContext context) {
    this.key = key;
    this.channel = channel;
    this.path = path;
    this.source = source;
    this.readOffset = startOffset;
    this.fingerprint = fingerprint;
    this.splitter = new LineSplitter(maxLineBytes);
    this.maxLineBytes = maxLineBytes;
    this.sinks = sinks;
    this.events = events;
    this.progress = new FileProgress(sinks, startOffset);
    this.lastDataNanos = nowNanos;
    this.nextCheckNanos = nowNanos;
    this.assembler = parse.enabled() ? new RecordAssembler(source, parse, events, context) : null;
  }

  /** This file continues {@code content}, read up to {@code end} (copy-truncate). Before any read. */
  void continues(FileProgress content, long end) {
    predecessorEnd = end;
    predecessor = content;
  }

  /** The offset a checkpoint may store: as far as every sink acknowledged, this content and the one it continues. */
  long committedOffset(FileProgress current) {
    FileProgress before = predecessor;
    if (before != null) {
      long earlier = before.committedOffset();
      if (earlier < predecessorEnd) {
        return earlier;
      }
      predecessor = null; // all acknowledged: no longer needed
    }
    return current.committedOffset();
  }

  SourceFile source() {
    return source;
  }

  /** The file is known under a new name from now on. */
  void renamed(SourceFile renamed) {
    source = renamed;
    if (assembler != null) {
      assembler.renamed(renamed);
    }
  }

  /** The worker context at {@code offset}, for the checkpoint; none when parsing is off. Any thread. */
  WorkerContext contextAt(long offset) {
    return assembler == null ? WorkerContext.NONE : assembler.contextAt(offset);
  }

  boolean hasOpenRecord() {
    return assembler != null && assembler.hasOpenRecord();
  }

  /** Ships the multi-line record held open: no line came to continue it in time, or the file is going away. */
  RecordChunk flushOpenRecord(long nowMillis) {
    chunk = new RecordChunk(1);
    assembler.flushTimedOut(toChunk);
    RecordChunk result = chunk;
    chunk = null;
    return result;
  }

  /**
   * Lets the committed offset move past lines that made no record (markers, tqdm lines) once every sink has
   * acknowledged the records before them, so that an idle file shows no lag and a restart does not reread them.
   */
  void settleSkippedLines() {
    if (assembler == null) {
      return;
    }
    long skipped = assembler.skippedPastShipped();
    if (skipped > 0 && progress.committedOffset() >= assembler.shippedEndOffset()) {
      progress.acknowledgeAll(skipped);
    }
  }

  boolean deleted() {
    return deletedAtNanos >= 0;
  }

  long size() throws IOException {
    long size = channel.size();
    sizeSeen = size;
    return size;
  }

  /**
   * Reads at most {@code maxBytes} from the read offset, turning complete lines into records. The bytes are read
   * into a new array that the records of this read share, so no line is copied.
   *
   * @return the records read (possibly empty when only part of a line arrived), or null at the end of the file
   */
  RecordChunk read(int maxBytes, long size, long nowMillis) throws IOException {
    long available = size - readOffset;
    if (available <= 0) {
      return null;
    }
    byte[] buffer = new byte[(int) Math.min(maxBytes, available)];
    ByteBuffer target = ByteBuffer.wrap(buffer);
    while (target.hasRemaining()) {
      if (channel.read(target, readOffset + target.position()) < 0) {
        break;
      }
    }
    int got = target.position();
    if (got == 0) {
      return null;
    }
    chunk = new RecordChunk(got / 100 + 4);
    readBuffer = buffer;
    readBufferAscii = ByteScan.isAscii(buffer, 0, got); // one pass for the whole read spares a check per line
    observedMillis = nowMillis;
    linesInLastRead = 0;
    splitter.feed(buffer, 0, got, readOffset, this);
    readOffset += got;
    if (!fingerprint.isComplete() && fingerprint.length() < readOffset) {
      fingerprint = Fingerprint.read(channel);
    }
    if (assembler != null) {
      assembler.detachFromReadBuffer();
    }
    RecordChunk result = chunk;
    chunk = null;
    readBuffer = null;
    return result;
  }

  /**
   * Whether the first bytes no longer match the fingerprint: the file was truncated and written again past the
   * read offset before raylog looked (a shrink alone would show in the size). One small pread, paid only when new
   * data is there to read.
   */
  boolean rewritten() throws IOException {
    Fingerprint known = fingerprint;
    return known.length() > 0 && !Fingerprint.read(channel, known.length()).equals(known);
  }

  boolean hasPartialLine() {
    return splitter.hasPartial() || (containerLines != null && containerLines.hasPending());
  }

  /** Ships the unfinished last line as a record of its own. */
  RecordChunk flushPartial(long nowMillis) {
    chunk = new RecordChunk(1);
    observedMillis = nowMillis;
    splitter.flushPartial(this);
    if (containerLines != null) {
      containerLines.flush(this);
    }
    RecordChunk result = chunk;
    chunk = null;
    events.partialLineFlushed(source.component());
    return result;
  }

  /**
   * The file shrank below the read offset (copy-truncate): read it again from the start. Records of the old
   * content still in flight keep acknowledging the old progress; the checkpoint follows the new one.
   */
  RecordChunk truncated(long nowMillis) throws IOException {
    RecordChunk pending = hasPartialLine() ? flushPartial(nowMillis) : new RecordChunk(1);
    if (assembler != null) {
      chunk = pending;
      assembler.flush(toChunk);
      chunk = null;
      assembler.restart();
    }
    splitter.reset();
    containerLines = null;
    readOffset = 0;
    predecessor = null;
    progress = new FileProgress(sinks, 0);
    fingerprint = Fingerprint.read(channel);
    return pending;
  }

  void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // Closing a read-only descriptor cannot lose data; nothing to do.
    }
  }

  @Override
  public void line(byte[] bytes, int from, int length, long startOffset, long endOffset, boolean split) {
    linesInLastRead++;
    if (source.containerLog()) { // issue 4: a kubelet container log line, CRI format
      if (containerLines == null) {
        containerLines = new ContainerLogLines(maxLineBytes);
      }
      containerLines.accept(bytes, from, length, startOffset, endOffset, split, this);
      return;
    }
    record(bytes, from, length, startOffset, endOffset, split, LogRecord.UNKNOWN_TIME, null);
  }

  /**
   * The content of one container log line (partial lines joined), with the time the container runtime wrote it.
   * It goes through the Ray line parsers like any line: container logs have the console format, where each line's
   * {@code (component)} prefix sets {@code ray.component}. The runtime's time is the record's time: it is exact and
   * in UTC, where Ray's own timestamp in the line is the container's local time.
   */
  @Override
  public void content(byte[] bytes, int from, int length, long startOffset, long endOffset, boolean split,
      long timeMillis, boolean stderr) {
    record(bytes, from, length, startOffset, endOffset, split, timeMillis, stderr ? "stderr" : "stdout");
  }

  /** One line as a record (or into the assembler), with its time and stream when its container log says them. */
  private void record(byte[] bytes, int from, int length, long startOffset, long endOffset, boolean split,
      long timeMillis, String stream) {
    String component = source.component();
    byte[] text = bytes;
    int textFrom = from;
    int textLength = length;
    boolean ascii = (bytes == readBuffer && readBufferAscii) || ByteScan.isAscii(bytes, from, length);
    if (!ascii && !Utf8.isValid(bytes, from, length)) {
      events.invalidUtf8(component);
      text = new String(bytes, from, length, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
      textFrom = 0;
      textLength = text.length;
    } else if (bytes != readBuffer) {
      text = java.util.Arrays.copyOfRange(bytes, from, from + length);
      textFrom = 0;
    }
    if (split) {
      events.lineSplit(component);
    }
    if (assembler != null) {
      assembler.line(text, textFrom, textLength, startOffset, endOffset, split, observedMillis, timeMillis, stream,
          progress, toChunk);
      return;
    }
    chunk.add(new LogRecord(source, progress, startOffset, endOffset, observedMillis, timeMillis,
        text, textFrom, textLength, split));
  }
}
