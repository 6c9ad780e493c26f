package io.raylog.sink;

import java.util.List;

/**
 * What became of one {@link Transport#send}: every record accepted, nothing accepted (try again), every record
 * refused for good, or a verdict per record. Positions count from 0 within the {@link Outbound} that was sent.
 *
 * <p>{@code reason} is a short, fixed token (it becomes a metric tag: {@code http_503}, {@code timeout},
 * {@code connect}, {@code mapper_parsing_exception}); {@code detail} is free text for the log and the dead-letter
 * file. Neither may contain a secret.
 */
public sealed interface SendOutcome {

  static SendOutcome delivered(long bytes) {
    return new Delivered(bytes);
  }

  static SendOutcome retry(String reason, String detail) {
    return new Retry(reason, detail, 0);
  }

  /**
   * Every record was accepted (durably, as far as the backend promises), except {@code rejectedUnknown} records the
   * backend refused without saying which (OTLP's partial success): those are counted under {@code reason} and
   * logged with {@code detail}, but cannot be dead-lettered.
   */
  record Delivered(long bytes, int rejectedUnknown, String reason, String detail) implements SendOutcome {
    public Delivered(long bytes) {
      this(bytes, 0, "", "");
    }
  }

  /**
   * Nothing was accepted, or it cannot be known (a connection reset after the request was written: at-least-once
   * means sending again). Sent again after a backoff, which is at least {@code retryAfterNanos} (a server's
   * {@code Retry-After}; 0 when it gave none), up to the configured cap.
   */
  record Retry(String reason, String detail, long retryAfterNanos) implements SendOutcome {}

  /** The backend will never accept these records (a 400 for the whole request): counted and dead-lettered. */
  record Rejected(String reason, String detail) implements SendOutcome {}

  /**
   * A verdict per record (Elasticsearch's bulk items, Kafka's per-record callbacks): the records at
   * {@code rejected} are refused for good, those at {@code retry} are sent again after a backoff (only them), every
   * other one was accepted.
   */
  record PerRecord(long bytes, List<Rejection> rejected, int[] retry, String retryReason, String retryDetail)
      implements SendOutcome {
    public PerRecord {
      rejected = List.copyOf(rejected);
      retry = retry.clone();
    }
  }

  /** One record refused for good, at {@code position} of the {@link Outbound}. */
  record Rejection(int position, String reason, String detail) {}
}
