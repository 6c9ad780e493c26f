package io.raylog.parse;

/** What the parsing stage reports, for metrics. Called on the tail thread; implementations must be cheap. */
public interface ParseEvents {
  /** A multi-line record was shipped because no line came to continue it within the timeout. */
  default void multilineTimedOut(String component) {}

  /** A multi-line record reached its line or byte limit and was cut; the rest starts a new record. */
  default void multilineSplit(String component) {}

  /** A line was not shipped, for {@code reason} (e.g. {@code tqdm}). */
  default void lineDropped(String component, String reason) {}
}
