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
}
