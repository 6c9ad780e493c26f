package io.raylog.sink.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.raylog.config.SinkConfig;
import io.raylog.route.RecordFilter;
import io.raylog.sink.testing.LoopbackHttpServer.Reply;
import io.raylog.sink.testing.LoopbackHttpServer;
import io.raylog.sink.testing.NetworkSinkHarness;
import io.raylog.sink.testing.SinkConfigs;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OtlpSinkTest {
  static final JsonMapper JSON = JsonMapper.builder().build();

  final LoopbackHttpServer server = new LoopbackHttpServer();
  final Set<String> accepted = ConcurrentHashMap.newKeySet();
  final List<ExportLogsServiceRequest> exports = new CopyOnWriteArrayList<>();
  final AtomicReference<String> violation = new AtomicReference<>();
  NetworkSinkHarness harness;

  OtlpSinkTest() throws InterruptedException {}

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
    server.close();
  }

  OtlpSinkConfig sink(OtlpSinkConfig.Format format, SinkConfig.Compression compression, Duration timeout) {
    return new OtlpSinkConfig("otel", RecordFilter.ALL, SinkConfig.Budget.NONE, SinkConfigs.delivery(3, null),
        SinkConfigs.client(compression, timeout), URI.create(server.url("/v1/logs")), OtlpSinkConfig.Protocol.HTTP,
        format, "ray");
  }

  static Map<String, String> attributes(List<KeyValue> attributes) {
    return attributes.stream().collect(Collectors.toMap(KeyValue::getKey,
        kv -> kv.getValue().hasIntValue() ? Long.toString(kv.getValue().getIntValue()) : kv.getValue().getStringValue()));
  }

  Reply check(List<String> bodies, Reply reply) {
    if (harness.committedOffset() > harness.deliveredPrefixEnd(accepted)) {
      violation.set("checkpoint passed a record the collector has not accepted");
    }
    if (reply instanceof Reply.Status status && status.code() == 200) {
      accepted.addAll(bodies);
    }
    return reply;
  }

  @Test
  void exportsProtobufLogsWithSemanticConventionsThroughOutages() throws Exception {
    AtomicInteger request = new AtomicInteger();
    String ok = new String(ExportLogsServiceResponse.getDefaultInstance().toByteArray(), StandardCharsets.ISO_8859_1);
    server.respond(r -> {
      ExportLogsServiceRequest export;
      try {
        export = ExportLogsServiceRequest.parseFrom(r.body());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      List<String> bodies = new ArrayList<>();
      export.getResourceLogsList().forEach(rl -> rl.getScopeLogsList().forEach(sl ->
          sl.getLogRecordsList().forEach(lr -> bodies.add(lr.getBody().getStringValue()))));
      int n = request.getAndIncrement();
      Reply reply = switch (n) {
        case 0 -> Reply.status(503);
        case 1 -> new Reply.Status(429, "", Map.of("Retry-After", "0"));
        case 2 -> new Reply.Reset();
        case 3 -> new Reply.Delayed(1_500, Reply.ok(""));
        default -> new Reply.Status(200, ok, Map.of("Content-Type", "application/x-protobuf"));
      };
      if (reply instanceof Reply.Status s && s.code() == 200) {
        exports.add(export);
      }
      return check(bodies, reply);
    });
    harness = new NetworkSinkHarness(sink(OtlpSinkConfig.Format.PROTOBUF, SinkConfig.Compression.ZSTD,
        Duration.ofMillis(400)), 20);
    List<String> sent = new ArrayList<>();
    List<io.raylog.record.LogRecord> published = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      sent.add("message " + i);
      published.addAll(harness.publish(io.raylog.pipeline.TestRecords.IDENTIFIED, null, "message " + i));
    }
    harness.flush();
    await().atMost(Duration.ofSeconds(20)).until(() -> harness.committedOffset() == harness.endOffset());

    assertThat(accepted).containsExactlyInAnyOrderElementsOf(sent);
    assertThat(violation.get()).isNull();
    assertThat(harness.memoryHeld()).isZero();
    assertThat(server.requests()).allSatisfy(r -> {
      assertThat(r.headers().get("Content-Type")).isEqualTo("application/x-protobuf");
      assertThat(r.headers().get("Content-Encoding")).isEqualTo("zstd");
      assertThat(r.uri()).isEqualTo("/v1/logs");
    });
    ResourceLogs resourceLogs = exports.get(0).getResourceLogs(0);
    assertThat(attributes(resourceLogs.getResource().getAttributesList())).containsEntry("service.name", "ray");
    assertThat(resourceLogs.getScopeLogs(0).getScope().getName()).isEqualTo("raylog");
    LogRecord first = resourceLogs.getScopeLogs(0).getLogRecords(0);
    assertThat(first.getTimeUnixNano()).isEqualTo(1_764_064_800_123L * 1_000_000L);
    assertThat(first.getObservedTimeUnixNano()).isEqualTo(1_764_064_800_123L * 1_000_000L);
    assertThat(first.getSeverityNumber()).as("no severity parsed yet").isEqualTo(SeverityNumber.SEVERITY_NUMBER_UNSPECIFIED);
    assertThat(attributes(first.getAttributesList()))
        .containsEntry("ray.component", "raylet")
        .containsEntry("ray.file", "raylet.out")
        .containsEntry("log.file.name", "raylet.out")
        .containsEntry("log.file.path", "/tmp/ray/session_2026-11-25_10-00-00_123456_1/logs/raylet.out")
        .containsKey("log.offset");
    long offset = Long.parseLong(attributes(first.getAttributesList()).get("log.offset"));
    assertThat(attributes(first.getAttributesList())).as("the record's log.id").containsEntry("log.record.uid",
        published.stream().filter(r -> r.offset == offset).findFirst().orElseThrow().id());
  }

  @Test
  void theFieldsParsedFromALineAreLogRecordAttributes() throws Exception {
    String ok = new String(ExportLogsServiceResponse.getDefaultInstance().toByteArray(), StandardCharsets.ISO_8859_1);
    server.respond(r -> {
      try {
        exports.add(ExportLogsServiceRequest.parseFrom(r.body()));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return new Reply.Status(200, ok, Map.of("Content-Type", "application/x-protobuf"));
    });
    harness = new NetworkSinkHarness(sink(OtlpSinkConfig.Format.PROTOBUF, SinkConfig.Compression.NONE,
        Duration.ofSeconds(5)), 20);
    harness.publishParsed(io.raylog.pipeline.TestRecords.SOURCE,
        "[2026-11-25 10:21:37,556 E 112 113] (raylet) node_manager.cc:1443: worker died job_id=01000000 exit_code=2",
        "[2026-11-25 10:21:38,000 I 112 113] (raylet) main.cc:1: plain");
    harness.flush();
    await().atMost(Duration.ofSeconds(20)).until(() -> harness.committedOffset() == harness.endOffset());
    List<LogRecord> records = exports.stream().flatMap(e -> e.getResourceLogsList().stream())
        .flatMap(rl -> rl.getScopeLogsList().stream()).flatMap(sl -> sl.getLogRecordsList().stream()).toList();
    assertThat(records).hasSize(2);
    LogRecord died = records.get(0);
    assertThat(died.getBody().getStringValue()).isEqualTo("worker died");
    assertThat(died.getSeverityNumber()).isEqualTo(SeverityNumber.SEVERITY_NUMBER_ERROR);
    assertThat(died.getTimeUnixNano()).isEqualTo(java.time.Instant.parse("2026-11-25T10:21:37.556Z").toEpochMilli() * 1_000_000L);
    assertThat(attributes(died.getAttributesList()))
        .containsEntry("ray.pid", "112")
        .containsEntry("ray.tid", "113")
        .containsEntry("ray.source", "node_manager.cc:1443")
        .containsEntry("exit_code", "2")
        .containsEntry("ray.component", "raylet");
    assertThat(attributes(records.get(1).getAttributesList())).containsEntry("ray.source", "main.cc:1")
        .doesNotContainKey("exit_code");
  }

  @Test
  void exportsOtlpJsonAndCountsAPartialSuccess() throws Exception {
    AtomicInteger request = new AtomicInteger();
    server.respond(r -> {
      JsonNode root = JSON.readTree(r.body());
      List<String> bodies = new ArrayList<>();
      for (JsonNode rl : root.get("resourceLogs")) {
        assertThat(rl.get("resource").get("attributes").get(0).get("key").asString()).isEqualTo("service.name");
        for (JsonNode sl : rl.get("scopeLogs")) {
          for (JsonNode lr : sl.get("logRecords")) {
            assertThat(lr.get("timeUnixNano").isString()).as("64-bit integers are strings in OTLP JSON").isTrue();
            bodies.add(lr.get("body").get("stringValue").asString());
          }
        }
      }
      String answer = request.getAndIncrement() == 0
          ? "{\"partialSuccess\":{\"rejectedLogRecords\":\"2\",\"errorMessage\":\"2 records too large\"}}" : "{}";
      return check(bodies, new Reply.Status(200, answer, Map.of("Content-Type", "application/json")));
    });
    harness = new NetworkSinkHarness(sink(OtlpSinkConfig.Format.JSON, SinkConfig.Compression.GZIP,
        Duration.ofSeconds(5)), 5);
    for (int i = 0; i < 10; i++) {
      harness.publish("json \"" + i + "\"");
    }
    harness.flush();
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.committedOffset() == harness.endOffset());
    assertThat(accepted).hasSize(10);
    assertThat(harness.counter("raylog_sink_records_rejected", "reason", "otlp_partial_success")).isEqualTo(2);
    assertThat(harness.counter("raylog_sink_records_sent")).isEqualTo(8);
  }

  @Test
  void aBatchLargerThanTheEncodersFirstBufferIsWholeAndSplitPiecesAreMarked() throws Exception {
    server.respond(r -> {
      List<String> bodies = new ArrayList<>();
      try {
        ExportLogsServiceRequest export = ExportLogsServiceRequest.parseFrom(r.body());
        export.getResourceLogsList().forEach(rl -> rl.getScopeLogsList().forEach(sl -> sl.getLogRecordsList().forEach(lr -> {
          bodies.add(lr.getBody().getStringValue());
          assertThat(attributes(lr.getAttributesList())).containsEntry("log.split", "true");
        })));
        exports.add(export);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return check(bodies, new Reply.Status(200, "", Map.of()));
    });
    harness = new NetworkSinkHarness(sink(OtlpSinkConfig.Format.PROTOBUF, SinkConfig.Compression.NONE,
        Duration.ofSeconds(5)), 300);
    List<String> sent = new ArrayList<>();
    String[] pieces = new String[300];
    for (int i = 0; i < pieces.length; i++) {
      pieces[i] = i + " ünïcode " + "x".repeat(1000);
      sent.add(pieces[i]);
    }
    harness.publishSplit(pieces);
    harness.flush();
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.committedOffset() == harness.endOffset());
    assertThat(accepted).containsExactlyInAnyOrderElementsOf(sent);
    assertThat(exports).hasSize(1);
  }

  @Test
  void partialSuccessInProtobufIsRead() throws Exception {
    byte[] answer = ExportLogsServiceResponse.newBuilder()
        .setPartialSuccess(ExportLogsPartialSuccess.newBuilder().setRejectedLogRecords(1).setErrorMessage("nope"))
        .build().toByteArray();
    io.netty.handler.codec.http.DefaultHttpHeaders headers = new io.netty.handler.codec.http.DefaultHttpHeaders();
    headers.set("Content-Type", "application/x-protobuf");
    var outcome = new OtlpResponseReader().accepted(
        new io.raylog.sink.http.HttpResult.Response(200, headers, answer), null, 10);
    assertThat(outcome).isEqualTo(new io.raylog.sink.SendOutcome.Delivered(10, 1, "otlp_partial_success", "nope"));
  }
}
