package io.raylog.tail;

import io.raylog.parse.ParseSettings;
import io.raylog.parse.RecordAssembler;
import io.raylog.parse.WorkerContext;
import io.raylog.pipeline.RecordChunk;
import io.raylog.record.ByteScan;
import io.raylog.record.FileProgress;
import io.raylog.record.LogRecord;
import io.raylog.record.SourceFile;
import io.raylog.record.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Turns one file's bytes into records: splits lines (holding an unfinished last line), decodes kubelet container
 * log lines, checks UTF-8, and joins multi-line records when parsing is on. Knows nothing of descriptors or
 * offsets beyond the ones it is given, so a file keeps its unfinished line across a released descriptor.
 *
 * <p>The tail thread only, except {@link #contextAt}, which the checkpoint thread calls.
 */
final class FileLines implements LineSplitter.LineSink, ContainerLogLines.Output {
  private final LineSplitter splitter;
  private final int maxLineBytes;
  private final TailEvents events;
  /** Parses and joins the lines; null when parsing is off and every line is a raw record. */
  private final RecordAssembler assembler;
  private SourceFile source;
  /** Issue 4: CRI decoding for kubelet container logs; created on the first line of such a file. */
  private ContainerLogLines containerLines;

  /** The records of the call in progress, and what they are tied to. */
  private RecordChunk chunk;
  private FileProgress progress;
  /** The array of the read in progress: lines in it are shared, lines elsewhere (held partial lines) are copied. */
  private byte[] readBuffer;
  private boolean readBufferAscii;
  private long observedMillis;
  /** Lines seen by the last {@link #read}; records can be fewer (joined, markers) or more (split). */
  int linesInLastRead;
  private final Consumer<LogRecord> toChunk = record -> chunk.add(record);

  FileLines(SourceFile source, int maxLineBytes, TailEvents events, ParseSettings parse, WorkerContext context) {
    this.source = source;
    this.maxLineBytes = maxLineBytes;
    this.splitter = new LineSplitter(maxLineBytes);
    this.events = events;
    this.assembler = parse.enabled() ? new RecordAssembler(source, parse, events, context) : null;
  }

  SourceFile source() {
    return source;
  }

  void renamed(SourceFile renamed) {
    source = renamed;
    if (assembler != null) {
      assembler.renamed(renamed);
    }
  }

  /** The records of {@code got} bytes read at {@code offset} into {@code buffer}, which they share. */
  RecordChunk read(byte[] buffer, int got, long offset, FileProgress progress, long nowMillis) {
    RecordChunk result = begin(got / 100 + 4, progress, nowMillis);
    readBuffer = buffer;
    readBufferAscii = ByteScan.isAscii(buffer, 0, got); // one pass for the whole read spares a check per line
    linesInLastRead = 0;
    splitter.feed(buffer, 0, got, offset, this);
    if (assembler != null) {
      assembler.detachFromReadBuffer();
    }
    readBuffer = null;
    return end(result);
  }

  boolean hasPartialLine() {
    return splitter.hasPartial() || (containerLines != null && containerLines.hasPending());
  }

  boolean hasOpenRecord() {
    return assembler != null && assembler.hasOpenRecord();
  }

  /** Ships the unfinished last line as a record of its own. */
  RecordChunk flushPartial(FileProgress progress, long nowMillis) {
    RecordChunk result = begin(1, progress, nowMillis);
    flushPartialInto();
    return end(result);
  }

  private void flushPartialInto() {
    splitter.flushPartial(this);
    if (containerLines != null) {
      containerLines.flush(this);
    }
    events.partialLineFlushed(source.component());
  }

  /** Ships the multi-line record held open: no line came to continue it in time, or the file is going away. */
  RecordChunk flushOpenRecord(FileProgress progress, long nowMillis) {
    RecordChunk result = begin(1, progress, nowMillis);
    assembler.flushTimedOut(toChunk);
    return end(result);
  }

  /**
   * The content was truncated away: ships what was held of it (an unfinished line, an open record) and starts
   * again, as at the start of a file.
   */
  RecordChunk restart(FileProgress progress, long nowMillis) {
    RecordChunk result = begin(1, progress, nowMillis);
    if (hasPartialLine()) {
      flushPartialInto();
    }
    if (assembler != null) {
      assembler.flush(toChunk);
      assembler.restart();
    }
    end(result);
    splitter.reset();
    containerLines = null;
    return result;
  }

  /**
   * Lets the committed offset move past lines that made no record (markers, tqdm lines) once every sink has
   * acknowledged the records before them, so that an idle file shows no lag and a restart does not reread them.
   *
   * @return whether the progress moved
   */
  boolean settleSkippedLines(FileProgress progress) {
    if (assembler == null) {
      return false;
    }
    long skipped = assembler.skippedPastShipped();
    if (skipped > 0 && progress.committedOffset() >= assembler.shippedEndOffset() && progress.committedOffset() < skipped) {
      progress.acknowledgeAll(skipped);
      return true;
    }
    return false;
  }

  /** The worker context at {@code offset}, for the checkpoint; none when parsing is off. Any thread. */
  WorkerContext contextAt(long offset) {
    return assembler == null ? WorkerContext.NONE : assembler.contextAt(offset);
  }

  private RecordChunk begin(int capacity, FileProgress progress, long nowMillis) {
    this.chunk = new RecordChunk(capacity);
    this.progress = progress;
    this.observedMillis = nowMillis;
    return chunk;
  }

  private RecordChunk end(RecordChunk result) {
    chunk = null;
    progress = null;
    return result;
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
      text = Arrays.copyOfRange(bytes, from, from + length);
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
