package io.raylog.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.pipeline.TestRecords;
import io.raylog.record.FileProgress;
import io.raylog.record.LogRecord;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KafkaKeyTest {
  final LogRecord record = TestRecords.record(new FileProgress(1, 0), 0, "hello");

  @Test
  void withoutPodMetadataTheKeyIsTheSessionSoEachFileStaysInOnePartition() {
    String session = TestRecords.SOURCE.session();
    assertThat(new String(KafkaKey.POD.of(record), StandardCharsets.UTF_8)).isEqualTo(session);
    assertThat(new String(KafkaKey.RAY_CLUSTER.of(record), StandardCharsets.UTF_8)).isEqualTo(session);
  }

  @Test
  void noneSendsRecordsWithoutAKey() {
    assertThat(KafkaKey.NONE.of(record)).isNull();
  }

  @Test
  void logIdIsTheRecordsIdAndNoKeyWithoutOne() {
    assertThat(KafkaKey.LOG_ID.of(record)).as("a record without identity").isNull();
    LogRecord identified = LogRecord.of(TestRecords.IDENTIFIED, new FileProgress(1, 0), 0, 6, 0,
        LogRecord.UNKNOWN_TIME, "hello", false);
    identified.idSeed = identified.seedFromOwnBytes();
    assertThat(new String(KafkaKey.LOG_ID.of(identified), StandardCharsets.US_ASCII)).isEqualTo(identified.id());
  }
}
