package io.raylog.sink.kafka;

import io.raylog.sink.SendOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The answers of the broker to the records of one send, one per record, in any order and from any thread; once
 * the last one is in, the send's {@link SendOutcome}: delivered when every record was, otherwise a verdict per record
 * ({@link KafkaErrors}). Thread-safe: each position is answered exactly once.
 */
final class KafkaSendVerdicts {
  private final AtomicReferenceArray<Exception> errors;
  private final AtomicInteger unanswered;
  private final AtomicLong deliveredBytes = new AtomicLong();

  KafkaSendVerdicts(int records) {
    errors = new AtomicReferenceArray<>(records);
    unanswered = new AtomicInteger(records);
  }

  int size() {
    return errors.length();
  }

  /** Records the answer for {@code position} (null error: delivered); returns the outcome after the last answer. */
  SendOutcome record(int position, int bytes, Exception error) {
    if (error == null) {
      deliveredBytes.addAndGet(bytes);
    } else {
      errors.set(position, error);
    }
    return unanswered.decrementAndGet() == 0 ? outcome() : null;
  }

  private SendOutcome outcome() {
    List<SendOutcome.Rejection> rejected = new ArrayList<>();
    int[] retry = new int[errors.length()];
    int retries = 0;
    String retryReason = null;
    String retryDetail = null;
    for (int i = 0; i < errors.length(); i++) {
      Exception error = errors.get(i);
      if (error == null) {
        continue;
      }
      KafkaErrors.Verdict verdict = KafkaErrors.classify(error);
      if (verdict.kind() == KafkaErrors.Kind.REJECT) {
        rejected.add(new SendOutcome.Rejection(i, verdict.reason(), String.valueOf(error.getMessage())));
      } else {
        retry[retries++] = i;
        if (retryReason == null) {
          retryReason = verdict.reason();
          retryDetail = String.valueOf(error.getMessage());
        }
      }
    }
    if (rejected.isEmpty() && retries == 0) {
      return SendOutcome.delivered(deliveredBytes.get());
    }
    if (rejected.isEmpty() && retries == errors.length()) {
      return new SendOutcome.Retry(retryReason, retryDetail, 0);
    }
    return new SendOutcome.PerRecord(deliveredBytes.get(), rejected, java.util.Arrays.copyOf(retry, retries),
        retryReason, retryDetail);
  }
}
