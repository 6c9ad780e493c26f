package io.raylog.pipeline;

/**
 * Encodes records as NDJSON in the output schema of {@code DESIGN.md}: one object per line, fields absent when
 * unknown. Not thread-safe: one per encoding thread (it caches formatted timestamps).
 */
public final class NdjsonEncoder {
  private final Timestamps timestamps = new Timestamps();

  /** Appends one record and its newline. */
  public void encode(LogRecord record, JsonBytes out) {
    out.raw("{\"time\":");
    timestamps.write(record.timeMillis == LogRecord.UNKNOWN_TIME ? record.observedMillis : record.timeMillis, out);
    out.raw(",\"observed_time\":");
    timestamps.write(record.observedMillis, out);
    out.raw(",\"message\":").utf8String(record.text, record.messageFrom, record.messageLength);
    out.raw(',').raw(record.source.rayJson());
    out.raw(',').raw(record.source.logPathJson());
    out.raw(",\"offset\":").number(record.offset);
    if (record.split) {
      out.raw(",\"split\":true");
    }
    out.raw("}}\n");
  }
}
