package io.raylog.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.record.FileProgress;
import io.raylog.record.JsonBytes;
import io.raylog.record.LogRecord;
import io.raylog.record.NdjsonEncoder;
import io.raylog.record.RayFileName;
import io.raylog.record.SourceFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** RAY_LOG_TO_STDERR=1 output: every component's lines in one stream, each naming its component. */
class ConsoleLinesTest {
  static final String W = "a4312c8310ce8485b7d20d2f96e36da89375d924fc39b449cd414d68";

  private static List<JsonNode> records(String... lines) {
    SourceFile source = new SourceFile("", "ray-head/0.log", RayFileName.of("unknown"), "ray-head/0.log",
        null, true);
    RecordAssembler assembler = new RecordAssembler(source, ParseSettings.defaults(), new ParseEvents() {}, null);
    List<LogRecord> records = new ArrayList<>();
    long offset = 0;
    for (String line : lines) {
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
      assembler.line(bytes, 0, bytes.length, offset, offset + bytes.length + 1, false, 0, new FileProgress(1, 0),
          records::add);
      offset += bytes.length + 1;
    }
    assembler.flushTimedOut(records::add);
    records.forEach(record -> record.parse(new RecordParser(ParseSettings.defaults())));
    NdjsonEncoder encoder = new NdjsonEncoder();
    JsonMapper json = JsonMapper.builder().build();
    return records.stream().map(r -> {
      JsonBytes out = new JsonBytes(256);
      encoder.encode(r, out);
      return json.readTree(out.toByteArray());
    }).toList();
  }

  @Test
  void eachLineNamesItsComponent() {
    List<JsonNode> records = records(
        "a user's print",
        "[2026-11-26 03:00:00,123 I 12 34] (raylet) main.cc:10: raylet started",
        "2026-11-26 03:00:01,000\tINFO (dashboard_agent) agent.py:1 -- agent up",
        "[2026-11-26 03:00:02,000 W 40 41] (python-core-worker-" + W + ") core_worker.cc:5: slow",
        "[2026-11-26 03:00:03,000 I 12 34] (gcs_server) gcs.cc:1: fine");
    assertThat(records).extracting(r -> r.at("/ray/component").asString())
        .containsExactly("unknown", "raylet", "dashboard_agent", "core_worker", "gcs_server");
    assertThat(records.get(3).at("/ray/worker_id").asString()).isEqualTo(W);
    assertThat(records.get(2).get("message").asString()).isEqualTo("agent up");
    assertThat(records.get(2).get("time").asString()).isEqualTo("2026-11-26T03:00:01.000Z");
    assertThat(records.get(0).get("message").asString()).isEqualTo("a user's print");
  }

  @Test
  void aTracebackLoggedByAComponentStaysWithItsLine() {
    List<JsonNode> records = records(
        "2026-11-26 03:00:01,000\tERROR (dashboard) head.py:9 -- failed",
        "Traceback (most recent call last):",
        "  File \"head.py\", line 9, in run",
        "ValueError: x",
        "[2026-11-26 03:00:03,000 I 12 34] (raylet) main.cc:1: next");
    assertThat(records).hasSize(2);
    assertThat(records.get(0).get("message").asString())
        .isEqualTo("failed\nTraceback (most recent call last):\n  File \"head.py\", line 9, in run\nValueError: x");
    assertThat(records.get(0).at("/ray/component").asString()).isEqualTo("dashboard");
  }

  @Test
  void linesOfTheOtherStreamAreNeverJoinedAndEachSaysItsStream() {
    SourceFile source = new SourceFile("", "ray-head/0.log", RayFileName.of("unknown"), "ray-head/0.log",
        null, true);
    RecordAssembler assembler = new RecordAssembler(source, ParseSettings.defaults(), new ParseEvents() {}, null);
    List<LogRecord> records = new ArrayList<>();
    String[][] lines = {
        {"stderr", "[2026-11-26 03:00:00,123 E 12 34] (raylet) main.cc:10: failed"},
        {"stdout", "  a worker's indented print"},
        {"stderr", "  the error's detail"}};
    long offset = 0;
    for (String[] line : lines) {
      byte[] bytes = line[1].getBytes(StandardCharsets.UTF_8);
      assembler.line(bytes, 0, bytes.length, offset, offset + bytes.length + 1, false, 0, 1_795_600_000_000L, line[0],
          new FileProgress(1, 0), records::add);
      offset += bytes.length + 1;
    }
    assembler.flushTimedOut(records::add);
    records.forEach(record -> record.parse(new RecordParser(ParseSettings.defaults())));
    assertThat(records).extracting(LogRecord::message)
        .containsExactly("failed", "  a worker's indented print", "  the error's detail");
    assertThat(records).extracting(LogRecord::rayFieldsJson)
        .allSatisfy(json -> assertThat(json).containsPattern("\"stream\":\"std(out|err)\""));
    assertThat(records.get(1).rayFieldsJson()).contains("\"stream\":\"stdout\"");
    assertThat(records.get(0).timeMillis).isEqualTo(1_795_600_000_000L); // the runtime's time, exact and in UTC
  }
}
