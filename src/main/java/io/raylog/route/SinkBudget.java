package io.raylog.route;

import io.raylog.record.LogRecord;
import io.raylog.record.RecordFields;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a sink takes of the records its filter routes to it: its {@code sample} keeps one in N of the records it
 * matches, then its {@code rate_limit} keeps what each key's bucket allows ({@link TokenBuckets}). A record either
 * drops is still acknowledged by the sink like one its filter did not take (the checkpoint moves on) and is counted
 * with its reason by the caller. A sampled-out record takes no token. Time is a parameter. Not thread-safe: one per
 * sink pipeline, on its event loop.
 */
public final class SinkBudget {
  /** What happens to a routed record. */
  public enum Verdict { KEEP, SAMPLED_OUT, RATE_LIMITED }

  private final Sample sample;
  private final RateLimit rateLimit;
  private final Function<LogRecord, String> key;
  private final TokenBuckets buckets;
  private long sampleMatches;

  private SinkBudget(Sample sample, RateLimit rateLimit, Function<LogRecord, String> key, long nowNanos) {
    this.sample = sample;
    this.rateLimit = rateLimit;
    this.key = key;
    this.buckets = rateLimit == null ? null
        : new TokenBuckets(rateLimit.perSecond(), rateLimit.burst(), rateLimit.maxKeys(), nowNanos);
  }

  /** A budget for one sink pipeline; {@code nowNanos} starts every bucket full. */
  public static SinkBudget of(Optional<Sample> sample, Optional<RateLimit> rateLimit, long nowNanos) {
    Function<LogRecord, String> key = null;
    if (rateLimit.isPresent()) {
      try {
        key = RecordKeys.reader(rateLimit.get().key());
      } catch (FilterSyntaxException e) {
        throw new IllegalArgumentException("rate_limit.key was checked when the configuration was loaded", e);
      }
    }
    return new SinkBudget(sample.orElse(null), rateLimit.orElse(null), key, nowNanos);
  }

  /** Whether this budget can drop anything (else the caller skips it). */
  public boolean limits() {
    return sample != null || rateLimit != null;
  }

  public Verdict decide(LogRecord record, long nowNanos) {
    if (sample != null && sample.filter().accepts(record) && sampleMatches++ % sample.keepOneIn() != 0) {
      return Verdict.SAMPLED_OUT;
    }
    if (rateLimit != null) {
      long cost = rateLimit.unit() == RateLimit.Unit.LINES ? 1 : RecordFields.messageLength(record);
      if (!buckets.tryTake(key.apply(record), cost, nowNanos)) {
        return Verdict.RATE_LIMITED;
      }
    }
    return Verdict.KEEP;
  }

  /** The rate limit's keys that dropped records since the last call, most first, at most {@code top}. */
  public List<KeyDrops> takeDropsByKey(int top) {
    return buckets == null ? List.of() : buckets.takeDrops(top);
  }

  /** The rate limit as configured; null when none. */
  public RateLimit rateLimit() {
    return rateLimit;
  }
}
