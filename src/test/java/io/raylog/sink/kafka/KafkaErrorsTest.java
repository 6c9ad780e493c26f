package io.raylog.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.sink.kafka.KafkaErrors.Kind;
import java.util.stream.Stream;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KafkaErrorsTest {

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of(new TimeoutException("expired"), Kind.RETRY, "timeout"),
        Arguments.of(new NotEnoughReplicasException("isr"), Kind.RETRY, "not_enough_replicas"),
        Arguments.of(new NetworkException("reset"), Kind.RETRY, "network"),
        Arguments.of(new UnknownTopicOrPartitionException("gone"), Kind.RETRY, "unknown_topic_or_partition"),
        // An operator must fix it; meanwhile the files keep the records.
        Arguments.of(new TopicAuthorizationException("denied"), Kind.RETRY, "topic_authorization"),
        Arguments.of(new RecordTooLargeException("big"), Kind.REJECT, "record_too_large"),
        Arguments.of(new RecordBatchTooLargeException("big"), Kind.REJECT, "record_batch_too_large"),
        Arguments.of(new InvalidRecordException("no key on a compacted topic"), Kind.REJECT, "invalid_record"),
        Arguments.of(new ProducerFencedException("fenced"), Kind.NEW_PRODUCER, "producer_fenced"),
        Arguments.of(new AuthenticationException("bad password"), Kind.NEW_PRODUCER, "authentication"),
        Arguments.of(new IllegalStateException("closed"), Kind.NEW_PRODUCER, "illegal_state"),
        Arguments.of(new RuntimeException("?"), Kind.RETRY, "runtime"));
  }

  @ParameterizedTest
  @MethodSource("errors")
  void classifiesEachProducerErrorWithAShortReason(Exception error, Kind kind, String reason) {
    assertThat(KafkaErrors.classify(error)).isEqualTo(new KafkaErrors.Verdict(kind, reason));
  }

  @org.junit.jupiter.api.Test
  void aRecordTheBrokerRefusesAsTooLargeNamesTheSettingsToRaiseAndTheProducersOwnRefusalsStayAsTheyAre() {
    Exception broker = new RecordTooLargeException(
        "The request included a message larger than the max message size the server will accept.");
    Exception explained = KafkaErrors.explained(broker, 2_000_000);
    assertThat(KafkaErrors.classify(explained).kind()).isEqualTo(Kind.REJECT);
    assertThat(KafkaErrors.classify(explained).reason()).isEqualTo("record_too_large");
    assertThat(explained.getMessage()).contains("2000000 bytes").contains("max.message.bytes")
        .contains("message.max.bytes").contains("the server will accept");
    Exception producer = new RecordTooLargeException("The message is 9000000 bytes when serialized which is larger"
        + " than 6356992, which is the value of the max.request.size configuration.");
    assertThat(KafkaErrors.explained(producer, 9_000_000)).isSameAs(producer);
    Exception other = new TimeoutException("expired");
    assertThat(KafkaErrors.explained(other, 10)).isSameAs(other);
    assertThat(KafkaErrors.explained(null, 10)).isNull();
  }
}
