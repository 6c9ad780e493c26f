package io.raylog.record;

/**
 * Encodes records as NDJSON in the output schema of {@code DESIGN.md}: one object per line, fields absent when
 * unknown. Not thread-safe: one per encoding thread (it caches formatted timestamps).
 */
public final class NdjsonEncoder {
  // The constant parts of a record, as bytes once: copying them is cheaper than writing them char by char.
  private static final byte[] TIME = ascii("{\"time\":");
  private static final byte[] OBSERVED_TIME = ascii(",\"observed_time\":");
  private static final byte[] MESSAGE = ascii(",\"message\":");
  private static final byte[] OFFSET = ascii(",\"offset\":");
  private static final byte[] ID = ascii(",\"id\":\"");
  private static final byte[] SPLIT = ascii(",\"split\":true");
  private static final byte[] ATTRIBUTES = ascii(",\"attributes\":{");
  private static final byte[] END = ascii("}\n");

  // One cache each: a record's parsed time and its observed time differ, and would evict each other.
  private final Timestamps times = new Timestamps();
  private final Timestamps observedTimes = new Timestamps();
  private final boolean sameBytesOnEveryRead;

  /** The output schema, every field. */
  public NdjsonEncoder() {
    this(false);
  }

  /**
   * @param sameBytesOnEveryRead leave out {@code observed_time} of a record that has a time of its own (issue 19):
   *     the time raylog read a line changes when it is read again after a crash, and a backend that drops exact
   *     duplicates (Loki: same stream, timestamp and line) must see the same bytes. A record without a time of its
   *     own keeps it as {@code time}.
   */
  public NdjsonEncoder(boolean sameBytesOnEveryRead) {
    this.sameBytesOnEveryRead = sameBytesOnEveryRead;
  }

  /** Appends one record and its newline. */
  public void encode(LogRecord record, JsonBytes out) {
    out.raw(TIME);
    if (record.timeMillis == LogRecord.UNKNOWN_TIME) {
      observedTimes.write(record.observedMillis, out);
    } else {
      times.write(record.timeMillis, out);
    }
    if (!sameBytesOnEveryRead || record.timeMillis == LogRecord.UNKNOWN_TIME) {
      out.raw(OBSERVED_TIME);
      observedTimes.write(record.observedMillis, out);
    }
    if (record.severity != null) {
      out.raw(record.severity.json());
    }
    out.raw(MESSAGE).utf8String(record.text, record.messageFrom, record.messageLength);
    out.raw(',').raw(record.source.rayJson());
    if (record.rayFieldsLength > 0) {
      out.raw(record.extras, record.extrasFrom, record.rayFieldsLength);
    }
    out.raw('}');
    byte[] k8s = record.source.k8sJson();
    if (k8s != null) {
      out.raw(',').raw(k8s);
    }
    out.raw(',').raw(record.source.logPathJson());
    out.raw(OFFSET).number(record.offset);
    if (record.idSeed != null) {
      out.raw(ID);
      record.idSeed.write(record.offset, record.endOffset, out);
      out.raw('"');
    }
    if (record.split) {
      out.raw(SPLIT);
    }
    out.raw('}');
    if (record.attributesLength > 0) {
      out.raw(ATTRIBUTES).raw(record.extras, record.extrasFrom + record.rayFieldsLength, record.attributesLength);
      out.raw('}');
    }
    out.raw(END);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
