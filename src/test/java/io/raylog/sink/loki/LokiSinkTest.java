package io.raylog.sink.loki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import io.raylog.config.SinkConfig;
import io.raylog.parse.RayFileNames;
import io.raylog.pipeline.TestRecords;
import io.raylog.record.SourceFile;
import io.raylog.route.RecordFilter;
import io.raylog.sink.testing.LokiPushSchema;
import io.raylog.sink.testing.LoopbackHttpServer.Reply;
import io.raylog.sink.testing.LoopbackHttpServer;
import io.raylog.sink.testing.NetworkSinkHarness;
import io.raylog.sink.testing.SinkConfigs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xerial.snappy.Snappy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class LokiSinkTest {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final SourceFile GCS = new SourceFile("session_2026-11-25_10-00-00_123456_1", "gcs_server.out",
      RayFileNames.classify("gcs_server.out"), "/tmp/ray/session_2026-11-25_10-00-00_123456_1/logs/gcs_server.out");

  /** An entry as Loki would store it. */
  record Entry(String labels, long nanos, String message, Map<String, String> metadata) {}

  final LoopbackHttpServer server = new LoopbackHttpServer();
  final Set<String> accepted = ConcurrentHashMap.newKeySet();
  final List<Entry> stored = new CopyOnWriteArrayList<>();
  final AtomicReference<String> violation = new AtomicReference<>();
  NetworkSinkHarness harness;

  LokiSinkTest() throws InterruptedException {}

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
    server.close();
  }

  LokiSinkConfig sink(LokiSinkConfig.Format format, SinkConfig.Compression compression, List<String> metadata) {
    return new LokiSinkConfig("loki", RecordFilter.ALL, SinkConfig.Budget.NONE, SinkConfigs.delivery(2, null),
        SinkConfigs.client(compression, Duration.ofSeconds(5)), URI.create(server.url("/loki/api/v1/push")), format,
        List.of("namespace", "ray_cluster", "node_type", "component"), metadata, Optional.of("team-a"));
  }

  static List<Entry> decodeProtobuf(byte[] body) {
    try {
      DynamicMessage push = LokiPushSchema.parse(Snappy.uncompress(body));
      List<Entry> entries = new ArrayList<>();
      FieldDescriptor streams = push.getDescriptorForType().findFieldByName("streams");
      for (int s = 0; s < push.getRepeatedFieldCount(streams); s++) {
        DynamicMessage stream = (DynamicMessage) push.getRepeatedField(streams, s);
        String labels = (String) stream.getField(stream.getDescriptorForType().findFieldByName("labels"));
        FieldDescriptor entriesField = stream.getDescriptorForType().findFieldByName("entries");
        for (int e = 0; e < stream.getRepeatedFieldCount(entriesField); e++) {
          DynamicMessage entry = (DynamicMessage) stream.getRepeatedField(entriesField, e);
          var type = entry.getDescriptorForType();
          DynamicMessage timestamp = (DynamicMessage) entry.getField(type.findFieldByName("timestamp"));
          long seconds = (Long) timestamp.getField(timestamp.getDescriptorForType().findFieldByName("seconds"));
          int nanos = (Integer) timestamp.getField(timestamp.getDescriptorForType().findFieldByName("nanos"));
          String line = (String) entry.getField(type.findFieldByName("line"));
          Map<String, String> metadata = new java.util.LinkedHashMap<>();
          FieldDescriptor pairs = type.findFieldByName("structuredMetadata");
          for (int p = 0; p < entry.getRepeatedFieldCount(pairs); p++) {
            DynamicMessage pair = (DynamicMessage) entry.getRepeatedField(pairs, p);
            metadata.put((String) pair.getField(pair.getDescriptorForType().findFieldByName("name")),
                (String) pair.getField(pair.getDescriptorForType().findFieldByName("value")));
          }
          entries.add(new Entry(labels, seconds * 1_000_000_000L + nanos, JSON.readTree(line).get("message").asString(), metadata));
        }
      }
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Entry> decodeJson(byte[] body) {
    List<Entry> entries = new ArrayList<>();
    for (JsonNode stream : JSON.readTree(body).get("streams")) {
      Map<String, String> labels = new java.util.LinkedHashMap<>();
      stream.get("stream").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
      for (JsonNode value : stream.get("values")) {
        Map<String, String> metadata = new java.util.LinkedHashMap<>();
        if (value.size() > 2) {
          value.get(2).properties().forEach(e -> metadata.put(e.getKey(), e.getValue().asString()));
        }
        entries.add(new Entry(LokiStreams.format(labels), Long.parseLong(value.get(0).asString()),
            JSON.readTree(value.get(1).asString()).get("message").asString(), metadata));
      }
    }
    return entries;
  }

  Reply answer(List<Entry> entries, Reply reply) {
    if (harness.committedOffset() > harness.deliveredPrefixEnd(accepted)) {
      violation.set("checkpoint passed an entry Loki has not accepted");
    }
    if (reply instanceof Reply.Status status && status.code() == 204) {
      entries.forEach(e -> accepted.add(e.message()));
      stored.addAll(entries);
    }
    return reply;
  }

  @Test
  void pushesSnappyProtobufStreamsByLabelInTimeOrderThroughFailures() throws Exception {
    AtomicInteger request = new AtomicInteger();
    server.respond(r -> {
      int n = request.getAndIncrement();
      Reply reply = n == 0 ? Reply.status(500) : n == 1 ? new Reply.Reset() : n == 2 ? Reply.status(429)
          : new Reply.Status(204, "", Map.of());
      return answer(decodeProtobuf(r.body()), reply);
    });
    harness = new NetworkSinkHarness(sink(LokiSinkConfig.Format.PROTOBUF, SinkConfig.Compression.NONE, List.of()), 50);
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      // out of time order within a read: Loki wants each stream's entries in order
      long base = 1_764_064_800_000L + i * 10;
      String[] raylet = {"raylet " + i + "a", "raylet " + i + "b"};
      String[] gcs = {"gcs " + i + "a", "gcs " + i + "b"};
      harness.publish(TestRecords.SOURCE, new long[] {base + 5, base + 1}, raylet);
      harness.publish(GCS, new long[] {base + 2, base + 7}, gcs);
      sent.addAll(List.of(raylet));
      sent.addAll(List.of(gcs));
    }
    harness.flush();
    await().atMost(Duration.ofSeconds(20)).until(() -> harness.committedOffset() == harness.endOffset());

    assertThat(accepted).containsExactlyInAnyOrderElementsOf(sent);
    assertThat(violation.get()).isNull();
    assertThat(harness.memoryHeld()).isZero();
    LoopbackHttpServer.Request last = server.requests().get(server.requests().size() - 1);
    assertThat(last.headers().get("Content-Type")).isEqualTo("application/x-protobuf");
    assertThat(last.headers().get("X-Scope-OrgID")).isEqualTo("team-a");
    assertThat(last.uri()).isEqualTo("/loki/api/v1/push");
    assertThat(stored).extracting(Entry::labels).containsOnly("{component=\"raylet\"}", "{component=\"gcs_server\"}");
    for (LoopbackHttpServer.Request r : server.requests()) {
      Map<String, List<Entry>> byStream = new java.util.HashMap<>();
      decodeProtobuf(r.body()).forEach(e -> byStream.computeIfAbsent(e.labels(), k -> new ArrayList<>()).add(e));
      byStream.values().forEach(entries -> assertThat(entries).extracting(Entry::nanos).isSorted());
    }
    Entry first = stored.stream().filter(e -> e.message().equals("raylet 0b")).findFirst().orElseThrow();
    assertThat(first.nanos()).isEqualTo(1_764_064_800_001L * 1_000_000);
  }

  @Test
  void aBatchLargerThanTheEncodersFirstBuffersIsWhole() throws Exception {
    server.respond(r -> answer(decodeProtobuf(r.body()), new Reply.Status(204, "", Map.of())));
    harness = new NetworkSinkHarness(sink(LokiSinkConfig.Format.PROTOBUF, SinkConfig.Compression.NONE,
        List.of("file", "session")), 500);
    List<String> sent = new ArrayList<>();
    String[] lines = new String[500];
    for (int i = 0; i < lines.length; i++) {
      lines[i] = i + " ünïcode \"quoted\" " + "y".repeat(500 + i);
      sent.add(lines[i]);
    }
    harness.publish(lines);
    harness.flush();
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.committedOffset() == harness.endOffset());
    assertThat(server.requests()).hasSize(1);
    assertThat(stored).extracting(Entry::message).containsExactlyElementsOf(sent);
    assertThat(stored).allSatisfy(e -> assertThat(e.metadata()).containsEntry("file", "raylet.out"));
  }

  @ParameterizedTest
  @EnumSource(LokiSinkConfig.Format.class)
  void theRayJobAndSubmissionAreStructuredMetadataByDefaultAndNeverLabels(LokiSinkConfig.Format format)
      throws Exception {
    server.respond(r -> answer(format == LokiSinkConfig.Format.JSON ? decodeJson(r.body()) : decodeProtobuf(r.body()),
        new Reply.Status(204, "", Map.of())));
    harness = new NetworkSinkHarness(sink(format, SinkConfig.Compression.NONE,
        LokiSinkSchema.STRUCTURED_METADATA.defaultValue()), 10);
    String worker = "worker-12b4d8641c7f0da733ccadc0a4765fc7f69dfb3ccfab07b3b7478a7d-02000000-18912.out";
    harness.publishParsed(new SourceFile("session_2026-11-25_10-00-00_123456_1", worker,
        RayFileNames.classify(worker), "/tmp/ray/session_2026-11-25_10-00-00_123456_1/logs/" + worker),
        "{\"levelname\": \"INFO\", \"message\": \"step\", \"submission_id\": \"raysubmit_Ab1\"}");
    harness.publish(GCS, null, "no job");
    harness.flush();
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.committedOffset() == harness.endOffset());
    Entry step = stored.stream().filter(e -> e.message().equals("step")).findFirst().orElseThrow();
    assertThat(step.metadata()).as("the job from the file's name, the submission from the line")
        .isEqualTo(Map.of("job_id", "02000000", "submission_id", "raysubmit_Ab1"));
    assertThat(step.labels()).doesNotContain("job_id").doesNotContain("submission");
    Entry gcs = stored.stream().filter(e -> e.message().equals("no job")).findFirst().orElseThrow();
    assertThat(gcs.metadata()).as("absent fields are left out").isEmpty();
  }

  @Test
  void pushesJsonWithGzipAndStructuredMetadata() throws Exception {
    server.respond(r -> answer(decodeJson(r.body()), new Reply.Status(204, "", Map.of())));
    harness = new NetworkSinkHarness(
        sink(LokiSinkConfig.Format.JSON, SinkConfig.Compression.GZIP, List.of("file", "session", "pod")), 10);
    harness.publish(GCS, new long[] {1_764_064_800_500L}, "started \"quoted\"\ttab");
    harness.flush();
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.committedOffset() == harness.endOffset());
    assertThat(stored).containsExactly(new Entry("{component=\"gcs_server\"}", 1_764_064_800_500_000_000L,
        "started \"quoted\"\ttab", Map.of("file", "gcs_server.out", "session", "session_2026-11-25_10-00-00_123456_1")));
    assertThat(server.requests().get(0).headers().get("Content-Encoding")).isEqualTo("gzip");
  }

  @Test
  void aStreamWithoutAnyKnownLabelGetsTheFallbackLabelAndLabelValuesAreEscaped() throws Exception {
    server.respond(r -> answer(decodeProtobuf(r.body()), new Reply.Status(204, "", Map.of())));
    harness = new NetworkSinkHarness(new LokiSinkConfig("loki", RecordFilter.ALL, SinkConfig.Budget.NONE, SinkConfigs.delivery(2, null),
        SinkConfigs.client(), URI.create(server.url("/loki/api/v1/push")), LokiSinkConfig.Format.PROTOBUF,
        List.of("namespace", "pod"), List.of(), Optional.empty()), 10);
    harness.publish("no pod metadata yet");
    harness.flush();
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.committedOffset() == harness.endOffset());
    assertThat(stored).extracting(Entry::labels).containsExactly("{source=\"raylog\"}");
    assertThat(server.requests().get(0).headers().contains("X-Scope-OrgID")).isFalse();
    assertThat(LokiStreams.format(new java.util.LinkedHashMap<>(Map.of("a", "x\"y\\z\n"))))
        .isEqualTo("{a=\"x\\\"y\\\\z\\n\"}");
  }
}
