package io.raylog.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.pipeline.TestRecords;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class NdjsonEncoderTest {
  static final JsonMapper JSON = JsonMapper.builder().build();

  static String encode(LogRecord record) {
    JsonBytes out = new JsonBytes(16);
    new NdjsonEncoder().encode(record, out);
    return new String(out.array(), 0, out.length(), StandardCharsets.UTF_8);
  }

  @Test
  void forLokiARecordReadAgainLaterHasTheSameBytesWhenItHasATimeOfItsOwn() {
    LogRecord first = LogRecord.of(TestRecords.IDENTIFIED, new FileProgress(1, 0), 2000, 2006, 1_764_064_800_123L,
        1_764_064_700_000L, "hello", false);
    LogRecord again = LogRecord.of(TestRecords.IDENTIFIED, new FileProgress(1, 0), 2000, 2006, 1_764_064_999_999L,
        1_764_064_700_000L, "hello", false);
    first.idSeed = first.seedFromOwnBytes();
    again.idSeed = again.seedFromOwnBytes();
    NdjsonEncoder stable = new NdjsonEncoder(true);
    JsonBytes a = new JsonBytes(16);
    JsonBytes b = new JsonBytes(16);
    stable.encode(first, a);
    stable.encode(again, b);
    assertThat(new String(b.toByteArray(), StandardCharsets.UTF_8))
        .isEqualTo(new String(a.toByteArray(), StandardCharsets.UTF_8)).doesNotContain("observed_time");

    LogRecord untimed = TestRecords.record(new FileProgress(1, 0), 42, "raw worker output");
    JsonBytes c = new JsonBytes(16);
    stable.encode(untimed, c);
    assertThat(JSON.readTree(c.toByteArray()).get("observed_time").asString()).isEqualTo("2025-11-25T10:00:00.123Z");
  }

  @Test
  void writesTheOutputSchema() {
    String line = encode(TestRecords.record(new FileProgress(1, 0), 42, "GcsServer started"));
    assertThat(line).endsWith("}\n").doesNotContain("\n{");
    JsonNode node = JSON.readTree(line);
    assertThat(node.get("time").asString()).isEqualTo("2025-11-25T10:00:00.123Z");
    assertThat(node.get("observed_time").asString()).isEqualTo("2025-11-25T10:00:00.123Z");
    assertThat(node.get("message").asString()).isEqualTo("GcsServer started");
    assertThat(node.at("/ray/component").asString()).isEqualTo("raylet");
    assertThat(node.at("/ray/session").asString()).isEqualTo("session_2026-11-25_10-00-00_123456_1");
    assertThat(node.at("/ray/file").asString()).isEqualTo("raylet.out");
    assertThat(node.at("/log/path").asString()).endsWith("/logs/raylet.out");
    assertThat(node.at("/log/offset").asLong()).isEqualTo(42);
    assertThat(node.has("severity")).as("absent, not null, when unknown").isFalse();
    assertThat(node.at("/log/split").isMissingNode()).isTrue();
  }

  @Test
  void escapesEveryStringSoTheLineStaysOneValidJsonObject() {
    String nasty = "quote\" backslash\\ tab\t nl\n cr\r nul\u0000 bell\u0007 é € 😀 lone\uD800 end";
    String line = encode(TestRecords.record(new FileProgress(1, 0), 0, nasty));
    assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
    JsonNode node = JSON.readTree(line);
    assertThat(node.get("message").asString()).isEqualTo(nasty.replace('\uD800', '\uFFFD'));
  }

  @Test
  void carriesTheIdsOfTheFileName() {
    String w = "12b4d8641c7f0da733ccadc0a4765fc7f69dfb3ccfab07b3b7478a7d";
    String file = "worker-" + w + "-01000000-18912.out";
    SourceFile worker = new SourceFile("session_x", file, io.raylog.parse.RayFileNames.classify(file), "/tmp/ray/session_x/logs/" + file);
    JsonNode node = JSON.readTree(encode(LogRecord.of(worker, new FileProgress(1, 0), 0, 6, 0, LogRecord.UNKNOWN_TIME, "hello", false)));
    assertThat(node.at("/ray/component").asString()).isEqualTo("worker");
    assertThat(node.at("/ray/worker_id").asString()).isEqualTo(w);
    assertThat(node.at("/ray/job_id").asString()).isEqualTo("01000000");
    assertThat(node.at("/ray/pid").asLong()).isEqualTo(18912);
    assertThat(node.at("/ray/submission_id").isMissingNode()).isTrue();
    JsonNode raylet = JSON.readTree(encode(TestRecords.record(new FileProgress(1, 0), 0, "x")));
    assertThat(raylet.at("/ray/pid").isMissingNode()).as("absent, not null, when the name carries none").isTrue();
    assertThat(raylet.at("/ray/worker_id").isMissingNode()).isTrue();
  }

  @Test
  void flagsSplitPieces() {
    LogRecord piece = LogRecord.of(TestRecords.SOURCE, new FileProgress(1, 0), 0, 8, 0, LogRecord.UNKNOWN_TIME, "01234567", true);
    assertThat(JSON.readTree(encode(piece)).at("/log/split").asBoolean()).isTrue();
  }

  @Test
  void formatsTimesAcrossSecondsAndBeforeTheEpoch() {
    JsonBytes out = new JsonBytes(16);
    Timestamps timestamps = new Timestamps();
    timestamps.write(999, out);
    timestamps.write(999, out);
    timestamps.write(1000, out);
    timestamps.write(-1, out);
    timestamps.write(1000, out);
    assertThat(new String(out.array(), 0, out.length(), StandardCharsets.US_ASCII))
        .isEqualTo("\"1970-01-01T00:00:00.999Z\"\"1970-01-01T00:00:00.999Z\"\"1970-01-01T00:00:01.000Z\""
            + "\"1969-12-31T23:59:59.999Z\"\"1970-01-01T00:00:01.000Z\"");
    JsonBytes far = new JsonBytes(16);
    timestamps.write(java.time.Instant.parse("+12026-01-01T00:00:00.000Z").toEpochMilli(), far);
    timestamps.write(1001, far);
    assertThat(new String(far.array(), 0, far.length(), StandardCharsets.US_ASCII))
        .isEqualTo("\"+12026-01-01T00:00:00Z\"\"1970-01-01T00:00:01.001Z\"");
  }

  @Test
  void formatsEveryTimeAsJavaTimeDoes() {
    long seed = System.nanoTime();
    java.util.Random random = new java.util.Random(seed);
    Timestamps timestamps = new Timestamps();
    java.time.format.DateTimeFormatter iso =
        java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);
    long min = java.time.Instant.parse("0000-01-01T00:00:00Z").toEpochMilli();
    long max = java.time.Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
    for (int i = 0; i < 100_000; i++) {
      long millis = i < 10 ? new long[] {min, max, 0, -1, 951_782_400_000L, 4_107_542_399_999L, 1, 86_399_999,
          -86_400_000, 1_795_600_934_640L}[i] : min + (long) (random.nextDouble() * (max - min));
      JsonBytes out = new JsonBytes(32);
      timestamps.write(millis, out);
      assertThat(new String(out.array(), 0, out.length(), StandardCharsets.US_ASCII))
          .as("%d (seed %d)", millis, seed)
          .isEqualTo("\"" + iso.format(java.time.Instant.ofEpochMilli(millis)) + "\"");
    }
  }
}
