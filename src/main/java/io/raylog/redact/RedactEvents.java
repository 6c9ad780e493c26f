package io.raylog.redact;

/** What redaction reports, for metrics. Called on the parse thread; implementations must be cheap. */
public interface RedactEvents {
  RedactEvents NONE = new RedactEvents() {};

  /** {@code matches} secrets of one record were replaced by the marker of {@code rule}. */
  default void redacted(String rule, int matches) {}
}
