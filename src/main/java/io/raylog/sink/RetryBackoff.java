package io.raylog.sink;

import java.util.function.LongUnaryOperator;

/**
 * Exponential backoff with full jitter: the n-th retry waits a uniform random time in [0, min(cap, base·2ⁿ)).
 * Full jitter spreads the retries of many agents after a shared outage. Pure: the random source is a parameter.
 * Immutable and thread-safe.
 */
public final class RetryBackoff {
  private final long baseNanos;
  private final long capNanos;

  public RetryBackoff(long baseNanos, long capNanos) {
    if (baseNanos <= 0 || capNanos < baseNanos) {
      throw new IllegalArgumentException("need 0 < base <= cap");
    }
    this.baseNanos = baseNanos;
    this.capNanos = capNanos;
  }

  /**
   * The delay before retry number {@code attempt} (0 for the first retry).
   *
   * @param uniform returns a uniform value in [0, bound) for a bound > 0
   */
  public long delayNanos(int attempt, LongUnaryOperator uniform) {
    long ceiling = attempt >= 62 ? capNanos : Math.min(capNanos, baseNanos << Math.min(attempt, 62 - 1));
    if (ceiling <= 0) {
      ceiling = capNanos;
    }
    return uniform.applyAsLong(ceiling);
  }

  /** The largest delay any attempt can get. */
  public long capNanos() {
    return capNanos;
  }
}
