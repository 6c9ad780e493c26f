package io.raylog.tail;

import io.raylog.pipeline.ByteScan;
import io.raylog.pipeline.FileProgress;
import io.raylog.pipeline.LogRecord;
import io.raylog.pipeline.RecordChunk;
import io.raylog.pipeline.SourceFile;
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
  volatile SourceFile source;
  volatile FileProgress progress;
  volatile Fingerprint fingerprint;
  volatile long readOffset;
  volatile long sizeSeen;

  long lastDataNanos;
  long nextCheckNanos;
  long idleBackoffNanos;
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

  TailedFile(FileKey key, FileChannel channel, Path path, SourceFile source, long startOffset, Fingerprint fingerprint,
      int maxLineBytes, int sinks, TailEvents events, long nowNanos) {
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
    splitter.feed(buffer, 0, got, readOffset, this);
    readOffset += got;
    if (!fingerprint.isComplete() && fingerprint.length() < readOffset) {
      fingerprint = Fingerprint.read(channel);
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
    RecordChunk pending = splitter.hasPartial() ? flushPartial(nowMillis) : null;
    splitter.reset();
    containerLines = null;
    readOffset = 0;
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
    if (source.containerLog()) { // issue 4: a kubelet container log line, CRI format
      if (containerLines == null) {
        containerLines = new ContainerLogLines(maxLineBytes);
      }
      containerLines.accept(bytes, from, length, startOffset, endOffset, split, this);
      return;
    }
    record(bytes, from, length, startOffset, endOffset, split, LogRecord.UNKNOWN_TIME);
  }

  /**
   * The content of one container log line (partial lines joined), with the time the runtime wrote it. This is where
   * the Ray line parsers plug in for RAY_LOG_TO_STDERR=1 output (issue 3): the content starts with Ray's own
   * prefix, e.g. {@code [2026-11-26 03:00:00,123 I 12 34] (raylet) main.cc:10: …} or
   * {@code 2026-11-26 03:00:00,123<TAB>INFO (dashboard_agent) agent.py:1 -- …}, whose {@code (component)} names the
   * Ray component. Until then, records carry the content as the message, the CRI time as their time, and the
   * component the file's name gives ({@code unknown}).
   */
  @Override
  public void content(byte[] bytes, int from, int length, long startOffset, long endOffset, boolean split,
      long timeMillis, boolean stderr) {
    record(bytes, from, length, startOffset, endOffset, split, timeMillis);
  }

  private void record(byte[] bytes, int from, int length, long startOffset, long endOffset, boolean split,
      long timeMillis) {
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
    chunk.add(new LogRecord(source, progress, startOffset, endOffset, observedMillis, timeMillis,
        text, textFrom, textLength, split));
  }
}
