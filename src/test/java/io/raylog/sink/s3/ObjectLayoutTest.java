package io.raylog.sink.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raylog.pipeline.TestRecords;
import io.raylog.record.FileProgress;
import io.raylog.record.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ObjectLayoutTest {
  final LogRecord record = TestRecords.record(new FileProgress(1, 0), 4096, "hello");

  @Test
  void theDefaultLayoutFollowsTheHistoryServerAndNamesObjectsByTimeAndOffset() {
    ObjectLayout layout = ObjectLayout.of("ray-logs", ObjectLayout.DEFAULT);
    String directory = layout.directory(record);
    assertThat(directory).isEqualTo("ray-logs/unknown/unknown/session_2026-11-25_10-00-00_123456_1/unknown/logs/raylet.out");
    assertThat(ObjectLayout.objectKey(directory, record, ObjectCompression.GZIP))
        .isEqualTo(directory + "/20251125T100000.123Z_4096.ndjson.gz");
  }

  @Test
  void anObjectIsNamedByTheOffsetAndIdOfItsFirstRecordSoThatAResendReplacesIt() {
    LogRecord identified = LogRecord.of(TestRecords.IDENTIFIED, new FileProgress(1, 0), 4096, 4102,
        1_764_064_800_123L, LogRecord.UNKNOWN_TIME, "hello", false);
    identified.idSeed = identified.seedFromOwnBytes();
    LogRecord readAgainLater = LogRecord.of(TestRecords.IDENTIFIED, new FileProgress(1, 0), 4096, 4102,
        1_764_064_900_456L, LogRecord.UNKNOWN_TIME, "hello", false);
    readAgainLater.idSeed = readAgainLater.seedFromOwnBytes();

    assertThat(ObjectLayout.objectKey("d", identified, ObjectCompression.GZIP))
        .isEqualTo("d/00000000000000004096_" + identified.id() + ".ndjson.gz")
        .isEqualTo(ObjectLayout.objectKey("d", readAgainLater, ObjectCompression.GZIP));
    assertThat(ObjectLayout.objectKey("d", identified, ObjectCompression.ZSTD))
        .isEqualTo("d/00000000000000004096_" + identified.id() + ".ndjson.zst");
  }

  @Test
  void anEmptyPrefixAndAPrefixEndingInASlashAddNoExtraSlash() {
    assertThat(ObjectLayout.of("", "{session}/{file}").directory(record))
        .isEqualTo("session_2026-11-25_10-00-00_123456_1/raylet.out");
    assertThat(ObjectLayout.of("a/", "x/{session}/{file}").directory(record))
        .isEqualTo("a/x/session_2026-11-25_10-00-00_123456_1/raylet.out");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{session}/{pod}/{bogus}/{file}|unknown field {bogus}",
      "{namespace}/{file}|must contain {session} and {file}",
      "{session}/logs|must contain {session} and {file}",
      "/{session}/{file}|must not start or end with /",
      "{session}//{file}|must not start or end with /",
      "{session}/{File}|a field is written {name}"})
  void aLayoutThatWouldMixFilesOrNamesAnUnknownFieldIsRefused(String template, String problem) {
    assertThat(ObjectLayout.problem(template)).contains(problem);
    assertThatThrownBy(() -> ObjectLayout.of("", template)).hasMessageContaining(problem);
  }
}
