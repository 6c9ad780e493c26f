package io.raylog.parse;

import io.raylog.record.AsciiBytes;
import io.raylog.record.FileProgress;
import io.raylog.record.LogRecord;
import io.raylog.record.SourceFile;
import java.util.function.Consumer;

/**
 * Turns the lines of one file into records: joins the lines the format's multi-line rules continue (within the
 * line and byte limits; a record held open is shipped when a line starts another one, or by {@link #flush} when
 * the timeout passes), follows Ray's worker markers and drops tqdm progress lines. Never joins across files: one
 * assembler per file. The records it ships are unparsed: a {@link RecordParser} reads their first line on the parse
 * thread, so that the tail thread only reads, splits and assembles.
 *
 * <p>A joined record's text is its lines separated by {@code \n}. When the lines sit one after another in the same
 * read buffer, the text is a slice of it; otherwise it is copied.
 *
 * <p>Not thread-safe: the tail thread only, except {@link #contextAt}, which the checkpoint thread calls.
 */
public final class RecordAssembler {
  /**
   * tqdm_ray prints its state as {@code json.dumps} of a dict whose first key is {@code "__magic_token__"}, valued
   * {@code "__ray_tqdm_magic_token__"}: its lines are a '{' then {@code "__magic_token__": "__ray_tqdm_magic_token__"}
   * (older versions put the token first). The token is looked for near the start only, and only in lines that start
   * with '_', or with '{' then {@code "_}: a fifth of worker output are other dicts and JSON log lines
   * ({@code {'epoch': …}}, {@code {"asctime": …}}), not worth a scan.
   */
  private static final byte[] TQDM_TOKEN = AsciiBytes.of("__ray_tqdm_magic_token__");

  private final ParseSettings settings;
  private final ParseEvents events;
  private final LineFormat format;
  private final MultilineRules rules;
  private SourceFile source;
  private int state = MultilineRules.FIRST;
  private WorkerContext context;
  private WorkerContext.Encoded encodedContext;
  private final ContextHistory history;

  // The record held open, if any.
  private boolean open;
  private FileProgress openProgress;
  private long openOffset;
  private long openEndOffset;
  private long openObservedMillis;
  private long openKnownTimeMillis;
  private int openFirstLineLength;
  private WorkerContext.Encoded openContext;
  private byte[] openText;
  private int openFrom;
  private int openLength;
  /** Where the open text's bytes end in {@code openText} when it is a slice of the read buffer; -1 once copied. */
  private int sliceEnd;
  private boolean ownsText;
  private int openLines;
  private String openStream;
  /** The length of the driver prefix that the open record's first line starts with (job-driver logs), else 0. */
  private int openPrefixLength;
  /**
   * Where the open record's trailing run of blank lines starts (the length of its text before the {@code \n} ahead
   * of them) and the end offset of the line before them; -1 when its last line is not blank. Those lines are kept
   * only if a line continues the record after them; otherwise they are shipped as a record of their own, so that a
   * record never ends with the blank lines that followed it.
   */
  private int blankCut = -1;
  private long blankCutEndOffset;

  /** End offset of the last record shipped, and of the last line skipped (a marker, a tqdm line) after it. */
  private long shippedEndOffset = -1;
  private long skippedEndOffset = -1;

  public RecordAssembler(SourceFile source, ParseSettings settings, ParseEvents events, WorkerContext restored) {
    this.source = source;
    this.settings = settings;
    this.events = events;
    this.format = LineFormat.of(source);
    this.rules = format.rules;
    this.context = restored == null ? WorkerContext.NONE : restored;
    this.encodedContext = context.encoded();
    this.history = new ContextHistory(context);
  }

  /** The file was renamed: records from now on carry the new name (its format stays the one it was opened with). */
  public void renamed(SourceFile renamed) {
    this.source = renamed;
  }

  /** The end offset of the last record shipped, or -1. */
  public long shippedEndOffset() {
    return shippedEndOffset;
  }

  /** Takes one line of the file; records that are complete go to {@code out}. */
  public void line(byte[] b, int from, int length, long offset, long endOffset, boolean split, long observedMillis,
      FileProgress progress, Consumer<LogRecord> out) {
    line(b, from, length, offset, endOffset, split, observedMillis, LogRecord.UNKNOWN_TIME, null, progress, out);
  }

  /**
   * Takes one line of a container log: its time, known from the container runtime, wins over the time parsed from
   * it ({@link LogRecord#UNKNOWN_TIME} for none); its {@code stream} ({@code stdout}, {@code stderr}; null for a
   * file) goes on the record, and lines of different streams are never joined.
   */
  public void line(byte[] b, int from, int length, long offset, long endOffset, boolean split, long observedMillis,
      long knownTimeMillis, String stream, FileProgress progress, Consumer<LogRecord> out) {
    if (split) {
      // A piece of an over-long line is shipped as it is: its parts are no record's header or continuation.
      flush(out);
      state = MultilineRules.FIRST;
      out.accept(new LogRecord(source, progress, offset, endOffset, observedMillis, knownTimeMillis, b, from,
          length, true));
      shippedEndOffset = endOffset;
      return;
    }
    if (format.workerOutput && length > 0) {
      if (b[from] == ':' && WorkerContext.MARKER.matches(b, from, length)) {
        flush(out);
        state = MultilineRules.FIRST;
        context = context.after(b, from, length);
        encodedContext = context.encoded();
        history.changed(endOffset, context);
        skippedEndOffset = endOffset;
        return;
      }
      if (settings.dropTqdm() && isTqdm(b, from, length)) {
        events.lineDropped(source.component(), "tqdm");
        skippedEndOffset = endOffset;
        return;
      }
    }
    // In a job driver's log, the rules read the text after a worker line's prefix, and a line continues a record
    // only if it has the same prefix (the same process printed it); the continuation is joined without it.
    int text = from;
    if (format == LineFormat.JOB_DRIVER && length > 0) {
      int prefixEnd = DriverPrefix.end(b, from, length, null);
      if (prefixEnd > 0) {
        text = prefixEnd;
      }
    }
    int prefixLength = text - from;
    int textLength = length - prefixLength;
    // A line of another process cannot continue the open record: it is decided from the first state, and, when
    // the driver prints a Ray component's lines ((raylet) …), by the rules of that component's own file.
    boolean samePrefix = open && samePrefix(b, from, prefixLength);
    MultilineRules lineRules = prefixLength > 0 && DriverPrefix.isCppComponent(b, from, text) ? LineFormat.CPP.rules
        : rules;
    MultilineRules.Rule rule = lineRules.decide(samePrefix ? state : MultilineRules.FIRST, b, text, textLength);
    if (rule.continues() && samePrefix && java.util.Objects.equals(stream, openStream)) {
      if (openLines < settings.multilineMaxLines()
          && (long) openLength + 1 + textLength <= settings.multilineMaxBytes()) {
        boolean blank = LinePattern.BLANK.matches(b, text, textLength);
        if (blank && blankCut < 0) {
          blankCut = openLength;
          blankCutEndOffset = openEndOffset;
        } else if (!blank) {
          blankCut = -1;
        }
        append(b, text, textLength, endOffset);
        state = rule.next();
        return;
      }
      events.multilineSplit(source.component());
      flush(out);
      begin(b, from, length, offset, endOffset, observedMillis, knownTimeMillis, stream, progress, prefixLength);
      state = rule.next();
      return;
    }
    flush(out);
    begin(b, from, length, offset, endOffset, observedMillis, knownTimeMillis, stream, progress, prefixLength);
    state = rule.next();
    if (state == MultilineRules.DONE) {
      flush(out);
      state = MultilineRules.FIRST;
    }
  }

  /**
   * The read is over: a record held open stops sharing the read's buffer (and the slab of its fields), so that
   * one open record per file does not keep a whole read buffer alive until the next line or the timeout.
   */
  public void detachFromReadBuffer() {
    if (!open) {
      return;
    }
    if (!ownsText) {
      openText = java.util.Arrays.copyOfRange(openText, openFrom, openFrom + openLength);
      openFrom = 0;
      ownsText = true;
      sliceEnd = -1;
    }
  }

  /** Whether a record is held open, waiting for lines that may continue it. */
  public boolean hasOpenRecord() {
    return open;
  }

  /** Ships the record held open, if any: its time is up, or the file is closing or truncated. */
  public void flush(Consumer<LogRecord> out) {
    if (!open) {
      return;
    }
    if (blankCut >= 0) {
      // The blank lines that ended it are not the record's: they go on a record of their own, as read.
      out.accept(new LogRecord(source, openProgress, openOffset, blankCutEndOffset, openObservedMillis, openText,
          openFrom, blankCut, new PendingParse(format, openFirstLineLength, openStream, openContext,
              openKnownTimeMillis)));
      int blankFrom = openFrom + blankCut + 1;
      int blankLength = openLength - blankCut - 1;
      out.accept(new LogRecord(source, openProgress, blankCutEndOffset, openEndOffset, openObservedMillis, openText,
          blankFrom, blankLength, new PendingParse(LineFormat.RAW, blankLength, openStream, openContext,
              openKnownTimeMillis)));
      blankCut = -1;
    } else {
      out.accept(new LogRecord(source, openProgress, openOffset, openEndOffset, openObservedMillis, openText,
          openFrom, openLength, new PendingParse(format, openFirstLineLength, openStream, openContext,
              openKnownTimeMillis)));
    }
    shippedEndOffset = openEndOffset;
    open = false;
    openText = null;
  }

  /** {@link #flush} because no line came within the timeout; counted. */
  public void flushTimedOut(Consumer<LogRecord> out) {
    if (open && openLines > 1) {
      events.multilineTimedOut(source.component());
    }
    flush(out);
    state = MultilineRules.FIRST;
  }

  /**
   * The end of the lines skipped since the last record shipped (markers, tqdm lines), or -1: once every sink has
   * acknowledged that record, these bytes are done too and the file's committed offset may move past them.
   */
  public long skippedPastShipped() {
    return !open && skippedEndOffset > shippedEndOffset ? skippedEndOffset : -1;
  }

  /** The worker context in force at {@code offset} (a committed offset), to save with a checkpoint. Any thread. */
  public WorkerContext contextAt(long offset) {
    return history.at(offset);
  }

  /** The file was truncated and is read again from its start: no context, no record open (flushed before). */
  public void restart() {
    state = MultilineRules.FIRST;
    context = WorkerContext.NONE;
    encodedContext = context.encoded();
    history.reset(context);
    shippedEndOffset = -1;
    skippedEndOffset = -1;
  }

  /** Whether a line that is not empty is tqdm_ray's; see {@link #TQDM_TOKEN}. */
  private static boolean isTqdm(byte[] b, int from, int length) {
    boolean start = b[from] == '_' || (b[from] == '{' && length > 2 && b[from + 1] == '"' && b[from + 2] == '_');
    return start && AsciiBytes.indexOf(b, from, from + Math.min(length, 64), TQDM_TOKEN) >= 0;
  }

  /** Whether a line whose prefix is {@code b[from, from + prefixLength)} has the open record's first line's prefix. */
  private boolean samePrefix(byte[] b, int from, int prefixLength) {
    return prefixLength == openPrefixLength && (prefixLength == 0
        || java.util.Arrays.equals(b, from, from + prefixLength, openText, openFrom, openFrom + prefixLength));
  }

  private void begin(byte[] b, int from, int length, long offset, long endOffset, long observedMillis,
      long knownTimeMillis, String stream, FileProgress progress, int prefixLength) {
    open = true;
    openPrefixLength = prefixLength;
    blankCut = -1;
    openProgress = progress;
    openOffset = offset;
    openEndOffset = endOffset;
    openObservedMillis = observedMillis;
    openKnownTimeMillis = knownTimeMillis;
    openStream = stream;
    openContext = context.isEmpty() ? null : encodedContext;
    openFirstLineLength = length;
    openText = b;
    openFrom = from;
    openLength = length;
    ownsText = false;
    sliceEnd = from + length;
    openLines = 1;
  }

  private void append(byte[] b, int from, int length, long endOffset) {
    if (openText == b && sliceEnd >= 0 && sliceEnd == from - 1 && b[sliceEnd] == '\n') {
      // the next line in the same buffer, after a plain '\n': the message grows over it, nothing is copied
      openLength = from + length - openFrom;
      sliceEnd = from + length;
    } else {
      int needed = openLength + 1 + length;
      if (!ownsText || openText.length < needed) {
        byte[] grown = new byte[Math.max(needed, Math.min(2 * needed, settings.multilineMaxBytes()))];
        System.arraycopy(openText, openFrom, grown, 0, openLength);
        openText = grown;
        openFrom = 0;
        ownsText = true;
      }
      openText[openLength] = '\n';
      System.arraycopy(b, from, openText, openLength + 1, length);
      openLength = needed;
      sliceEnd = -1;
    }
    openEndOffset = endOffset;
    openLines++;
  }
}
