package io.raylog.parse;

import io.raylog.record.LogRecord;
import io.raylog.record.RayKey;
import io.raylog.record.RecordParsing;
import io.raylog.record.Unparsed;

/**
 * Parses the records the tail thread assembled unparsed ({@link LogRecord#parse}): the format's parser reads the first
 * line for the time, severity, message and fields; the continuation lines follow the message. Parsing is the most
 * expensive step of a line's way, so it runs on a thread of its own, beside the tail thread that reads and splits.
 *
 * <p>Not thread-safe: one per parse thread.
 */
public final class RecordParser implements RecordParsing {
  private final LocalTimes times;
  /** Scratch: the first line of the record being parsed, and the slab its fields are written into. */
  private final ParsedLine line = new ParsedLine();
  private final ExtrasSlab slab = new ExtrasSlab();

  public RecordParser(ParseSettings settings) {
    this.times = new LocalTimes(settings.zone());
  }

  /** Called back by {@link LogRecord#parse}, with the record's text: its lines as read. */
  @Override
  public void parse(LogRecord record, byte[] text, int from, int length, Unparsed unparsed) {
    // The only Unparsed there is: the one RecordAssembler made.
    PendingParse pending = (PendingParse) unparsed;
    int firstLength = pending.firstLineLength;
    line.reset(text, from, firstLength, record.source.rayKeys(), record.source.session());
    if (pending.stream != null) {
      line.fields.string(RayKey.STREAM, pending.stream);
    }
    pending.format.parse(text, from, firstLength, line, times);
    if (pending.context != null) {
      pending.context.addTo(line.fields);
    }
    long time = pending.knownTimeMillis != LogRecord.UNKNOWN_TIME ? pending.knownTimeMillis
        : line.timeMillis == LocalTimes.NOT_A_TIME ? LogRecord.UNKNOWN_TIME : line.timeMillis;

    byte[] message = line.message;
    int messageFrom = line.messageFrom;
    int messageLength = line.messageLength;
    int firstEnd = from + firstLength;
    int end = from + length;
    if (end > firstEnd) {
      // Continuation lines: the message runs on through them, as a slice when it ends where the first line ends
      // (nothing was cut off its end, such as key=value fields), else as a copy.
      if (message == text && messageFrom + messageLength == firstEnd) {
        messageLength = end - messageFrom;
      } else {
        byte[] joined = new byte[messageLength + end - firstEnd];
        System.arraycopy(message, messageFrom, joined, 0, messageLength);
        System.arraycopy(text, firstEnd, joined, messageLength, end - firstEnd);
        message = joined;
        messageFrom = 0;
        messageLength = joined.length;
      }
    }

    if (line.fields.isEmpty()) {
      record.parsed(time, line.severity, message, messageFrom, messageLength, null, 0, 0, 0);
    } else {
      slab.put(line.fields.ray(), line.fields.attributes());
      record.parsed(time, line.severity, message, messageFrom, messageLength, slab.array, slab.from,
          line.fields.ray().length(), line.fields.attributes().length());
    }
  }
}
