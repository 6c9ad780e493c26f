package io.raylog.sink;

/**
 * How a network sink sends records: it encodes them in its protocol and sends them, and later reports one
 * {@link SendOutcome}. The {@link DeliveryHandler} decides everything else (how many sends at once, retries,
 * rejects, acknowledgement order), so a transport holds no retry or ordering logic of its own.
 *
 * <p>Threading: {@link #send} is called on the sink's event loop only, at most {@code max_in_flight} times before
 * the earlier sends completed; it must return at once (encode, hand the bytes to an I/O thread or a client library)
 * and never block. {@code done} may be called from any thread, exactly once per send; a send that throws counts as
 * a retriable failure.
 */
public interface Transport extends AutoCloseable {

  /** Starts sending {@code records}; reports through {@code done}. */
  void send(Outbound records, Completion done);

  /** What a send is called in the log ({@code sink web: send failed …}): a local sink writes. */
  default String verb() {
    return "send";
  }

  /** Releases connections and threads; sends still under way may complete or not, the handler ignores them. */
  @Override
  default void close() {}

  /** Receives a send's outcome, from any thread. */
  @FunctionalInterface
  interface Completion {
    void complete(SendOutcome outcome);
  }
}
