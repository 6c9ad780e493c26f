package io.raylog.sink.kafka;

import java.util.Locale;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * What to do about a record the producer could not deliver. Pure and stateless.
 *
 * <ul>
 *   <li>{@link Kind#REJECT}: the broker will never take this record, whatever happens (it is larger than the
 *       topic's {@code max.message.bytes}, or the topic refuses it, e.g. a compacted topic and a record without key).
 *       Counted and dead-lettered.
 *   <li>{@link Kind#NEW_PRODUCER}: the producer itself is in a state it does not leave (fenced, authentication
 *       failed, closed): it is replaced, and the record is sent again with the new one.
 *   <li>{@link Kind#RETRY}: everything else. Retriable errors (timeouts, leader changes, not enough replicas) and
 *       also errors an operator must fix (topic authorization, an unknown topic): the files are the buffer, so
 *       raylog keeps trying rather than drop records it cannot place.
 * </ul>
 */
public final class KafkaErrors {
  private KafkaErrors() {}

  public enum Kind {
    RETRY,
    REJECT,
    NEW_PRODUCER
  }

  /** @param reason a short token for metrics and logs, from the error's class ({@code record_too_large}) */
  public record Verdict(Kind kind, String reason) {}

  public static Verdict classify(Throwable error) {
    String reason = reason(error);
    if (error instanceof RecordTooLargeException
        || error instanceof RecordBatchTooLargeException
        || error instanceof InvalidRecordException
        || error instanceof SerializationException) {
      return new Verdict(Kind.REJECT, reason);
    }
    if (error instanceof ProducerFencedException
        || error instanceof OutOfOrderSequenceException
        || error instanceof AuthenticationException
        || error instanceof ClusterAuthorizationException
        || error instanceof UnsupportedVersionException
        || error instanceof IllegalStateException) {
      return new Verdict(Kind.NEW_PRODUCER, reason);
    }
    return new Verdict(Kind.RETRY, reason);
  }

  /**
   * The error as the dead-letter file and the log should show it: a record the broker refused as too large says
   * which setting to raise and to what. (The producer's own refusals, above {@code max.request.size} or
   * {@code buffer.memory}, already name their setting.) Any other error, and null, as it is.
   *
   * @param valueBytes the size of the record's value
   */
  public static Exception explained(Exception error, int valueBytes) {
    String message = error == null ? "" : String.valueOf(error.getMessage());
    if ((error instanceof RecordTooLargeException || error instanceof RecordBatchTooLargeException)
        && !message.contains("max.request.size") && !message.contains("buffer.memory")) {
      return new RecordTooLargeException("the broker refused a record of " + valueBytes + " bytes as too large ("
          + message + "): raise the topic's max.message.bytes (or the broker's message.max.bytes) above "
          + valueBytes);
    }
    return error;
  }

  /** {@code TimeoutException} → {@code timeout}, {@code NotEnoughReplicasException} → {@code not_enough_replicas}. */
  static String reason(Throwable error) {
    String name = error.getClass().getSimpleName();
    if (name.endsWith("Exception")) {
      name = name.substring(0, name.length() - "Exception".length());
    }
    if (name.isEmpty()) {
      return "error";
    }
    StringBuilder token = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        token.append('_');
      }
      token.append(Character.toLowerCase(c));
    }
    return token.toString().toLowerCase(Locale.ROOT);
  }
}
