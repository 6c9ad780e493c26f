package io.raylog.parse;

import java.time.ZoneId;

/**
 * How lines are parsed.
 *
 * @param enabled false ships every line as a raw record (no fields, no joining, no markers)
 * @param zone the zone of the times Ray writes (container-local time, without a zone)
 * @param multilineTimeoutNanos a multi-line record is shipped this long after its last line if no line continues it
 * @param multilineMaxLines most lines joined into one record
 * @param multilineMaxBytes most bytes of one joined record
 * @param dropTqdm whether tqdm_ray progress lines are dropped
 */
public record ParseSettings(boolean enabled, ZoneId zone, long multilineTimeoutNanos, int multilineMaxLines,
    int multilineMaxBytes, boolean dropTqdm) {

  /** Parsing as configured by default. */
  public static ParseSettings defaults() {
    return new ParseSettings(true, java.time.ZoneOffset.UTC, 1_000_000_000L, 1000, 1 << 20, true);
  }

  /** No parsing: each line is a raw record. */
  public static ParseSettings disabled() {
    return new ParseSettings(false, java.time.ZoneOffset.UTC, 1_000_000_000L, 1000, 1 << 20, true);
  }
}
