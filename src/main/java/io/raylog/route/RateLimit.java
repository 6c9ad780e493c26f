package io.raylog.route;

/**
 * A sink's {@code rate_limit}: at most {@code perSecond} lines (or message bytes) per second for each value of a
 * record field, with bursts of up to {@code burst}, so that one noisy job cannot flood a backend the others share.
 *
 * @param key the field whose values are limited apart ({@code job_id}, {@code namespace}, {@code labels.team}, …),
 *     as a filter names it
 * @param maxKeys values tracked at once; more share one bucket (see {@link TokenBuckets})
 */
public record RateLimit(String key, Unit unit, long perSecond, long burst, int maxKeys) {
  /** What a bucket counts: records, or the UTF-8 bytes of their messages. */
  public enum Unit { LINES, BYTES }

  @Override
  public String toString() {
    return "{key: " + key + ", " + (unit == Unit.LINES ? "lines" : "bytes") + "_per_second: " + perSecond
        + ", burst: " + burst + ", max_keys: " + maxKeys + "}";
  }
}
