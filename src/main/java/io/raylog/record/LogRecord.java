package io.raylog.record;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One record: a line (or a piece of a long line) of one file, with where it came from. Created by the tail thread;
 * a record of Ray lines is created unparsed (its text is the lines as read) and {@link #parse parsed} once,
 * on the parse thread, before it is published. It is then shared read-only by every sink it is routed to;
 * {@link #pendingSinks} is the only field that changes after publication, atomically.
 */
public final class LogRecord {
  /** Marks {@link #timeMillis} as unknown: the record's time is its observed time. */
  public static final long UNKNOWN_TIME = Long.MIN_VALUE;

  private static final AtomicIntegerFieldUpdater<LogRecord> PENDING =
      AtomicIntegerFieldUpdater.newUpdater(LogRecord.class, "pendingSinks");

  /** Per-record memory overhead counted against the pipeline's memory limit, on top of the message. */
  static final int OVERHEAD_BYTES = 96;

  public final SourceFile source;
  public final FileProgress progress;
  /** File offset of the first byte of the line. */
  public final long offset;
  /** File offset just after the line (after its newline, if it had one): where a restart may resume. */
  public final long endOffset;
  public final long observedMillis;
  public long timeMillis;
  /**
   * The message as valid UTF-8: {@code messageLength} bytes of {@code text} from {@code messageFrom}. Usually a
   * slice of the buffer the file was read into, shared by the records of one read, so reading a line copies nothing.
   * Never modified.
   */
  byte[] text;
  int messageFrom;
  int messageLength;
  /** A piece of a line longer than the configured maximum. */
  public final boolean split;
  /** The severity the line states; null when it states none. */
  public io.raylog.record.Severity severity;
  /**
   * The fields parsed from the line, as JSON fragments in {@code extras} from {@code extrasFrom}: first
   * {@code rayFieldsLength} bytes of {@code ,"key":value} pairs for the {@code ray} object, then
   * {@code attributesLength} bytes of the {@code attributes} object's body. Null when the line gave none.
   */
  byte[] extras;
  int extrasFrom;
  int rayFieldsLength;
  int attributesLength;
  /**
   * Issue 19: the seed of the record's stable id ({@link RecordId}; {@code log.id}), set by the tail thread before
   * the record is published; null when the record has none (records raylog makes itself).
   */
  public RecordId idSeed;
  /** What the parse still needs to know, until it has run; null for a record that needs none. */
  private Unparsed pending;
  /** Bytes this record holds against the memory limit. */
  public final int cost;

  @SuppressWarnings("unused") // updated through PENDING
  private volatile int pendingSinks;

  private String message;

  /** A record as read: its message is the line (or piece of one); no severity, no fields. */
  public LogRecord(
      SourceFile source,
      FileProgress progress,
      long offset,
      long endOffset,
      long observedMillis,
      long timeMillis,
      byte[] text,
      int messageFrom,
      int messageLength,
      boolean split) {
    this.source = source;
    this.progress = progress;
    this.offset = offset;
    this.endOffset = endOffset;
    this.observedMillis = observedMillis;
    this.timeMillis = timeMillis;
    this.text = text;
    this.messageFrom = messageFrom;
    this.messageLength = messageLength;
    this.split = split;
    // The bytes of the line, not only of its message: a message is a slice of the read buffer, and the line's
    // header beside it stays in memory as long as the record does.
    this.cost = OVERHEAD_BYTES + (int) Math.max(messageLength, Math.min(endOffset - offset, Integer.MAX_VALUE));
  }

  /**
   * An unparsed record: {@code text} holds its lines as read, joined with {@code \n}; {@link #parse} finds its
   * time, severity, message and fields. Its cost counts the fields the parse may add (up to about the first line
   * again, for a JSON line whose keys all become fields), so that the memory limit holds before the parse.
   */
  public LogRecord(SourceFile source, FileProgress progress, long offset, long endOffset, long observedMillis,
      byte[] text, int from, int length, Unparsed pending) {
    this.source = source;
    this.progress = progress;
    this.offset = offset;
    this.endOffset = endOffset;
    this.observedMillis = observedMillis;
    this.timeMillis = UNKNOWN_TIME;
    this.text = text;
    this.messageFrom = from;
    this.messageLength = length;
    this.split = false;
    this.pending = pending;
    this.cost = OVERHEAD_BYTES + (int) Math.min((long) length + pending.extraBytesEstimate(), Integer.MAX_VALUE);
  }

  /** Parses the record's lines (once; the parser belongs to the calling thread). */
  public void parse(RecordParsing parser) {
    Unparsed parse = pending;
    if (parse != null) {
      pending = null;
      parser.parse(this, text, messageFrom, messageLength, parse);
    }
  }

  /**
   * Lets {@code redaction} rewrite the record's message and fields (once, on the parse thread, after {@link #parse} and
   * before the record is published), handing it the message and the field fragments as they are.
   */
  public void redact(RecordRedaction redaction) {
    redaction.redact(this, text, messageFrom, messageLength, extras, extrasFrom, rayFieldsLength, attributesLength);
  }

  /**
   * What {@link #redact} changed: a new message (valid UTF-8), when non-null, and new field fragments, when non-null,
   * in the layout of {@link #extras}. The record's {@link #cost} stays as it was: a marker replaces a secret of about
   * its own length, and the bytes of the line it was read from stay counted.
   */
  public void redacted(byte[] message, byte[] fields, int rayFieldsLength, int attributesLength) {
    if (message != null) {
      this.text = message;
      this.messageFrom = 0;
      this.messageLength = message.length;
      this.message = null;
    }
    if (fields != null) {
      this.extras = fields;
      this.extrasFrom = 0;
      this.rayFieldsLength = rayFieldsLength;
      this.attributesLength = attributesLength;
    }
  }

  /** What {@link #parse} found: the message (a slice), the time, the severity and the fields. */
  public void parsed(long timeMillis, io.raylog.record.Severity severity, byte[] text, int messageFrom,
      int messageLength, byte[] extras, int extrasFrom, int rayFieldsLength, int attributesLength) {
    this.timeMillis = timeMillis;
    this.severity = severity;
    this.text = text;
    this.messageFrom = messageFrom;
    this.messageLength = messageLength;
    this.extras = extras;
    this.extrasFrom = extrasFrom;
    this.rayFieldsLength = rayFieldsLength;
    this.attributesLength = attributesLength;
    this.message = null;
  }

  /** A record whose message is a string (tests, and records raylog makes itself). */
  public static LogRecord of(SourceFile source, FileProgress progress, long offset, long endOffset,
      long observedMillis, long timeMillis, String message, boolean split) {
    byte[] utf8 = utf8WithReplacement(message);
    return new LogRecord(source, progress, offset, endOffset, observedMillis, timeMillis, utf8, 0, utf8.length, split);
  }

  /** UTF-8 with U+FFFD for a lone surrogate (String.getBytes would write '?'). */
  private static byte[] utf8WithReplacement(String text) {
    try {
      java.nio.ByteBuffer encoded = java.nio.charset.StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE)
          .replaceWith(new byte[] {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD})
          .encode(java.nio.CharBuffer.wrap(text));
      byte[] bytes = new byte[encoded.remaining()];
      encoded.get(bytes);
      return bytes;
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalStateException("replacement cannot fail", e);
    }
  }

  /** The message as a string, decoded on first use (the NDJSON path never needs it). */
  public String message() {
    String decoded = message;
    if (decoded == null) {
      decoded = new String(text, messageFrom, messageLength, java.nio.charset.StandardCharsets.UTF_8);
      message = decoded;
    }
    return decoded;
  }

  /** The length of the message in UTF-8 bytes. */
  public int messageUtf8Length() {
    return messageLength;
  }

  /** Copies the message's UTF-8 bytes into {@code target} at {@code offset} (encoders that write bytes, not text). */
  public void copyMessageUtf8(byte[] target, int offset) {
    System.arraycopy(text, messageFrom, target, offset, messageLength);
  }

  /**
   * The parsed {@code ray} fields as {@code ,"key":value} pairs (empty when none), as the NDJSON has them. Sinks with
   * their own model read typed values through {@link ParsedFieldReader}.
   */
  public String rayFieldsJson() {
    return extras == null ? "" : new String(extras, extrasFrom, rayFieldsLength, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The record's stable id ({@link RecordId}), or null when it has none. Allocates: sinks that need a string. */
  public String id() {
    return idSeed == null ? null : idSeed.text(offset, endOffset);
  }

  /** {@link #id()} as its ASCII bytes, without the String; null without an id. */
  public byte[] idBytes() {
    return idSeed == null ? null : idSeed.ascii(offset, endOffset);
  }

  /**
   * The id seed of a record in its file's first KiB, from its text as read (its lines joined): for the tail thread,
   * before {@link #parse}.
   */
  public RecordId seedFromOwnBytes() {
    return RecordId.ofRecordBytes(source, text, messageFrom, messageLength);
  }

  /** Called once, before the record is published to {@code sinks} sinks. */
  public void expectSinks(int sinks) {
    PENDING.lazySet(this, sinks);
  }

  /** Called by a sink that is done with the record; true for the last one, which frees its memory. */
  public boolean releaseBySink() {
    return PENDING.decrementAndGet(this) == 0;
  }
}
