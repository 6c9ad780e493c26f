package io.raylog.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** One test per Ray line format (ray-logs.md §3): the fields a record of that format carries. */
class LineFormatsTest {
  static final String W = "a4312c8310ce8485b7d20d2f96e36da89375d924fc39b449cd414d68";

  private static JsonNode only(String file, String line) {
    List<JsonNode> records = Assembled.records(file, line + "\n");
    assertThat(records).hasSize(1);
    return records.get(0);
  }

  @Test
  void cppConsoleLineWithComponentAndContextFields() {
    JsonNode r = only("raylet.out", "[2024-11-14 17:16:38,083 W 75 76] (raylet) node_manager.cc:1443: Disconnecting"
        + " client, graceful=false worker_id=" + W + " job_id=01000000 exit_code=2");
    assertThat(r.get("time").asString()).isEqualTo("2024-11-14T17:16:38.083Z");
    assertThat(r.get("severity").asString()).isEqualTo("WARN");
    assertThat(r.get("message").asString()).isEqualTo("Disconnecting client, graceful=false");
    JsonNode ray = r.get("ray");
    assertThat(ray.get("component").asString()).isEqualTo("raylet");
    assertThat(ray.get("pid").asLong()).isEqualTo(75);
    assertThat(ray.get("tid").asLong()).isEqualTo(76);
    assertThat(ray.get("source").asString()).isEqualTo("node_manager.cc:1443");
    assertThat(ray.get("worker_id").asString()).isEqualTo(W);
    assertThat(ray.get("job_id").asString()).isEqualTo("01000000");
    assertThat(ray.get("stream").asString()).isEqualTo("out");
    assertThat(r.get("attributes").get("exit_code").asString()).isEqualTo("2");
  }

  @Test
  void cppFileSinkLineWithoutComponentKeepsThePidOfTheFileName() {
    JsonNode r = only("python-core-worker-" + W + "_547.log",
        "[2026-11-25 10:02:14,101 C 547 600] core_worker.cc:88: Check failed: ok");
    assertThat(r.get("severity").asString()).isEqualTo("FATAL");
    assertThat(r.get("message").asString()).isEqualTo("Check failed: ok");
    assertThat(r.get("ray").get("pid").asLong()).isEqualTo(547);
    assertThat(r.get("ray").get("tid").asLong()).isEqualTo(600);
    assertThat(r.get("ray").get("component").asString()).isEqualTo("core_worker");
  }

  @Test
  void cppJsonVariant() {
    JsonNode r = only("raylet.out", "{\"asctime\":\"2025-01-02 03:04:05,678\",\"levelname\":\"E\",\"message\":\"boom\","
        + "\"filename\":\"raylet.cc\",\"lineno\":12,\"component\":\"raylet\",\"node_id\":\"abc\"}");
    assertThat(r.get("time").asString()).isEqualTo("2025-01-02T03:04:05.678Z");
    assertThat(r.get("severity").asString()).isEqualTo("ERROR");
    assertThat(r.get("message").asString()).isEqualTo("boom");
    assertThat(r.get("ray").get("source").asString()).isEqualTo("raylet.cc:12");
    assertThat(r.get("ray").get("node_id").asString()).isEqualTo("abc");
    assertThat(r.get("ray").get("component").asString()).isEqualTo("raylet");
  }

  @Test
  void pythonComponentLinesWithTabOrSpaceAndStderrComponent() {
    JsonNode tab = only("monitor.log", "2023-04-16 23:55:15,806\tINFO monitor.py:652 -- Ray version: 2.3.0");
    assertThat(tab.get("time").asString()).isEqualTo("2023-04-16T23:55:15.806Z");
    assertThat(tab.get("severity").asString()).isEqualTo("INFO");
    assertThat(tab.get("message").asString()).isEqualTo("Ray version: 2.3.0");
    assertThat(tab.get("ray").get("source").asString()).isEqualTo("monitor.py:652");
    JsonNode space = only("dashboard.log", "2023-04-16 23:55:15,806 WARNING (dashboard) head.py:1 -- careful x=1");
    assertThat(space.get("severity").asString()).isEqualTo("WARN");
    assertThat(space.get("message").asString()).isEqualTo("careful x=1"); // system components have no key=value fields
    assertThat(space.get("ray").get("source").asString()).isEqualTo("head.py:1");
  }

  @Test
  void structuredLoggingJsonInWorkerErr() {
    JsonNode r = only("worker-" + W + "-01000000-547.err", "{\"asctime\": \"2026-11-25 10:02:14,640\", \"levelname\":"
        + " \"INFO\", \"message\": \"processing shard 0\", \"filename\": \"counter_job.py\", \"lineno\": 27,"
        + " \"process\": 547, \"shard\": 0, \"job_id\": \"01000000\", \"worker_id\": \"" + W + "\", \"node_id\": \"n1\","
        + " \"task_id\": \"t1\", \"task_name\": \"compute\", \"actor_id\": \"a1\", \"actor_name\": \"Counter\","
        + " \"user\": {\"k\": [1]}, \"timestamp_ns\": 1795600934640587640}");
    assertThat(r.get("time").asString()).isEqualTo("2026-11-25T10:02:14.640Z");
    assertThat(r.get("message").asString()).isEqualTo("processing shard 0");
    JsonNode ray = r.get("ray");
    assertThat(ray.get("source").asString()).isEqualTo("counter_job.py:27");
    assertThat(ray.get("node_id").asString()).isEqualTo("n1");
    assertThat(ray.get("task_id").asString()).isEqualTo("t1");
    assertThat(ray.get("task_name").asString()).isEqualTo("compute");
    assertThat(ray.get("actor_id").asString()).isEqualTo("a1");
    assertThat(ray.get("actor_name").asString()).isEqualTo("Counter");
    assertThat(r.get("attributes").get("shard").asInt()).isEqualTo(0);
    assertThat(r.get("attributes").get("user").get("k").get(0).asInt()).isEqualTo(1);
  }

  @Test
  void structuredLoggingTextInWorkerErr() {
    JsonNode r = only("worker-" + W + "-547.err", "2026-11-25 10:02:14,640\tERROR job.py:9 -- failed shard=3 job_id=02000000"
        + " task_name=compute node_id=n1");
    assertThat(r.get("severity").asString()).isEqualTo("ERROR");
    // The tail starts at Ray's first context key: a pair before it may be the message's own text, so it stays.
    assertThat(r.get("message").asString()).isEqualTo("failed shard=3");
    assertThat(r.get("ray").get("job_id").asString()).isEqualTo("02000000");
    assertThat(r.get("ray").get("task_name").asString()).isEqualTo("compute");
    assertThat(r.has("attributes")).isFalse();
  }

  @Test
  void serveTextLinesWithRequestIdAndRoute() {
    JsonNode r = only("serve/replica_default_Model_rdofcrh4.log", "INFO 2026-11-25 10:06:12,025 default_Model rdofcrh4"
        + " 4c7f5f8e-542a-4334-9966-532cae12fe2b /predict model.py:22 - predicting batch of 4");
    assertThat(r.get("time").asString()).isEqualTo("2026-11-25T10:06:12.025Z");
    assertThat(r.get("message").asString()).isEqualTo("predicting batch of 4");
    JsonNode ray = r.get("ray");
    assertThat(ray.get("request_id").asString()).isEqualTo("4c7f5f8e-542a-4334-9966-532cae12fe2b");
    assertThat(ray.get("route").asString()).isEqualTo("/predict");
    assertThat(ray.get("source").asString()).isEqualTo("model.py:22");
    assertThat(ray.get("application").asString()).isEqualTo("default");
    assertThat(ray.get("deployment").asString()).isEqualTo("Model");
    assertThat(ray.get("replica").asString()).isEqualTo("rdofcrh4");
    JsonNode controller = only("serve/controller_702.log",
        "WARNING 2026-11-25 10:05:00,118 controller 702 controller.py:246 - slow");
    assertThat(controller.get("severity").asString()).isEqualTo("WARN");
    assertThat(controller.get("message").asString()).isEqualTo("slow");
    assertThat(controller.get("ray").get("pid").asLong()).isEqualTo(702);
  }

  @Test
  void serveJsonLines() {
    JsonNode r = only("serve/replica_default_Embedder_k3v9q2xa.log", "{\"asctime\": \"2026-11-25 10:06:13,390\","
        + " \"levelname\": \"INFO\", \"message\": \"embedding 4 texts\", \"route\": \"/embed\", \"request_id\": \"r1\","
        + " \"application\": \"default\", \"deployment\": \"default_Embedder\", \"component_name\": \"replica\"}");
    assertThat(r.get("message").asString()).isEqualTo("embedding 4 texts");
    assertThat(r.get("ray").get("route").asString()).isEqualTo("/embed");
    assertThat(r.get("ray").get("request_id").asString()).isEqualTo("r1");
    assertThat(r.get("ray").get("deployment").asString()).isEqualTo("Embedder"); // the file name's, not repeated
    assertThat(r.get("attributes").get("component_name").asString()).isEqualTo("replica");
  }

  @Test
  void eventFilesInBothSchemasAndExportEvents() {
    JsonNode cpp = only("events/event_RAYLET.log", "{\"custom_fields\":{\"job_id\":\"01000000\"},\"event_id\":\"e1\","
        + "\"host_name\":\"h\",\"label\":\"RAY_WORKER_FAILURE\",\"message\":\"worker died\",\"pid\":\"112\","
        + "\"severity\":\"ERROR\",\"source_type\":\"RAYLET\",\"timestamp\":1795602097}");
    assertThat(cpp.get("time").asString()).isEqualTo("2026-11-25T10:21:37.000Z");
    assertThat(cpp.get("severity").asString()).isEqualTo("ERROR");
    assertThat(cpp.get("message").asString()).isEqualTo("worker died");
    assertThat(cpp.get("ray").get("pid").asLong()).isEqualTo(112);
    assertThat(cpp.get("ray").get("event_source").asString()).isEqualTo("RAYLET");
    assertThat(cpp.get("attributes").get("label").asString()).isEqualTo("RAY_WORKER_FAILURE");
    assertThat(cpp.get("attributes").get("event_id").asString()).isEqualTo("e1");
    assertThat(cpp.get("ray").get("job_id").asString()).isEqualTo("01000000"); // a Ray id, as in every format
    JsonNode py = only("events/event_JOBS.log", "{\"event_id\": \"e2\", \"source_type\": \"JOBS\", \"source_hostname\":"
        + " \"h\", \"source_pid\": 139, \"severity\": \"INFO\", \"label\": \"\", \"message\": \"Started a ray job.\","
        + " \"timestamp\": \"1795600925\", \"custom_fields\": {\"submission_id\": \"raysubmit_1\"}}");
    assertThat(py.get("time").asString()).isEqualTo("2026-11-25T10:02:05.000Z");
    assertThat(py.get("ray").get("pid").asLong()).isEqualTo(139);
    assertThat(py.get("ray").get("submission_id").asString()).isEqualTo("raysubmit_1");
    JsonNode export = only("export_events/event_EXPORT_ACTOR.log", "{\"timestamp\":1795600925,\"event_id\":\"e3\","
        + "\"source_type\":\"EXPORT_ACTOR\",\"event_data\":{\"actor_id\":\"x\",\"state\":\"ALIVE\"}}");
    assertThat(export.get("ray").get("component").asString()).isEqualTo("export_event");
    assertThat(export.get("attributes").get("event_data").get("state").asString()).isEqualTo("ALIVE");
  }

  @Test
  void driverPrefixedLines() {
    String file = "job-driver-raysubmit_X4bTz9KqW2mNe7Rd.log";
    JsonNode actor = only(file, "(ShardWriter(prefix='out/') pid=263, ip=10.0.0.12) wrote out/part-00000.parquet");
    assertThat(actor.get("message").asString()).isEqualTo("wrote out/part-00000.parquet");
    assertThat(actor.get("ray").get("origin").asString()).isEqualTo("ShardWriter(prefix='out/')");
    assertThat(actor.get("ray").get("pid").asLong()).isEqualTo(263);
    assertThat(actor.get("ray").get("ip").asString()).isEqualTo("10.0.0.12");
    assertThat(actor.get("ray").get("submission_id").asString()).isEqualTo("raysubmit_X4bTz9KqW2mNe7Rd");
    JsonNode json = only(file, "(compute pid=547) {\"asctime\": \"2026-11-25 10:02:14,640\", \"levelname\": \"INFO\","
        + " \"message\": \"processing shard 0\"}");
    assertThat(json.get("message").asString()).isEqualTo("processing shard 0");
    assertThat(json.get("ray").get("origin").asString()).isEqualTo("compute");
    assertThat(json.get("time").asString()).isEqualTo("2026-11-25T10:02:14.640Z");
    JsonNode raylet = only(file, "(raylet, ip=10.0.0.12) [2026-11-25 10:21:37,556 E 1 1] x.cc:1: oops");
    assertThat(raylet.get("ray").get("origin").asString()).isEqualTo("raylet");
    assertThat(raylet.get("message").asString()).isEqualTo("oops");
    JsonNode venv = only(file, "(venv) not a prefix");
    assertThat(venv.get("message").asString()).isEqualTo("(venv) not a prefix");
    assertThat(venv.get("ray").has("origin")).isFalse();
  }

  @Test
  void rawWorkerOutputHasTheObservedTime() {
    List<JsonNode> records = Assembled.records("worker-" + W + "-547.out", "hello\nworld\n", ParseSettings.defaults(),
        null, 1_795_600_000_123L);
    assertThat(records).extracting(r -> r.get("message").asString()).containsExactly("hello", "world");
    assertThat(records.get(0).get("time").asString()).isEqualTo("2026-11-25T09:46:40.123Z");
    assertThat(records.get(0).has("severity")).isFalse();
  }

  @Test
  void timesAreConvertedFromTheConfiguredZone() {
    ParseSettings berlin = new ParseSettings(true, ZoneId.of("Europe/Berlin"), 1_000_000_000L, 1000, 1 << 20, true);
    JsonNode winter = Assembled.records("raylet.out", "[2026-01-15 12:00:00,500 I 1 1] a.cc:1: x\n", berlin, null, 0)
        .get(0);
    JsonNode summer = Assembled.records("raylet.out", "[2026-07-15 12:00:00,500 I 1 1] a.cc:1: x\n", berlin, null, 0)
        .get(0);
    assertThat(winter.get("time").asString()).isEqualTo("2026-01-15T11:00:00.500Z");
    assertThat(summer.get("time").asString()).isEqualTo("2026-07-15T10:00:00.500Z");
  }

  @Test
  void aFileOfNoKnownFormatShipsItsLinesAsTheyAre() {
    JsonNode r = only("tpu_logs/tpu_driver.log", "[2024-11-14 17:16:38,083 I 75 75] a.cc:1: not parsed: raw format");
    assertThat(r.get("message").asString()).isEqualTo("[2024-11-14 17:16:38,083 I 75 75] a.cc:1: not parsed: raw format");
    assertThat(r.get("ray").get("component").asString()).isEqualTo("tpu");
  }

  @Test
  void aPrintedPythonDictIsARawLineAndJsonScalarsKeepTheirTypes() {
    JsonNode dict = only("worker-" + W + "-547.out", "{'epoch': 1, 'loss': 0.25}");
    assertThat(dict.get("message").asString()).isEqualTo("{'epoch': 1, 'loss': 0.25}");
    JsonNode json = only("worker-" + W + "-547.err", "{ \"message\": \"m\", \"loss\": 0.25, \"ok\": true,"
        + " \"none\": null, \"big\": 12345678901234567890}");
    JsonNode attributes = json.get("attributes");
    assertThat(attributes.get("loss").isDouble()).isTrue();
    assertThat(attributes.get("loss").asDouble()).isEqualTo(0.25);
    assertThat(attributes.get("ok").asBoolean()).isTrue();
    assertThat(attributes.get("none").isNull()).isTrue();
    assertThat(attributes.get("big").bigIntegerValue()).isEqualTo(new java.math.BigInteger("12345678901234567890"));
  }

  @Test
  void nestedValuesAreCopiedAsJsonAndALineThatIsNotQuiteJsonLeavesNoFieldsBehind() {
    JsonNode json = only("worker-" + W + "-547.err", "{\"message\": \"m\", \"shape\": {\"dims\": [2, 3], \"name\":"
        + " \"\\u00e9t\\u00e9\"}, \"tags\": [\"a\", 1]}");
    assertThat(json.get("attributes").get("shape").get("dims").get(1).asInt()).isEqualTo(3);
    assertThat(json.get("attributes").get("shape").get("name").asString()).isEqualTo("été");
    assertThat(json.get("attributes").get("tags").get(0).asString()).isEqualTo("a");

    // Broken after two good keys: the whole line is the message, and no attribute of the good keys is left over.
    String broken = "{\"loss\": 0.5, \"step\": {\"n\": 1}, \"message\": }";
    JsonNode raw = only("worker-" + W + "-547.err", broken);
    assertThat(raw.get("message").asString()).isEqualTo(broken);
    assertThat(raw.has("attributes")).isFalse();
    // Well-formed, but no message: not a structured log line either.
    JsonNode noMessage = only("worker-" + W + "-547.err", "{\"loss\": 0.5}");
    assertThat(noMessage.get("message").asString()).isEqualTo("{\"loss\": 0.5}");
    assertThat(noMessage.has("attributes")).isFalse();
  }
}
