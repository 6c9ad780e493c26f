package io.raylog.sink.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raylog.config.Secret;
import io.raylog.config.SinkConfig;
import io.raylog.record.LogRecord;
import io.raylog.route.FilterExpression;
import io.raylog.route.RecordFilter;
import io.raylog.sink.testing.LoopbackHttpServer.Reply;
import io.raylog.sink.testing.LoopbackHttpServer;
import io.raylog.sink.testing.NetworkSinkHarness;
import io.raylog.sink.testing.SinkConfigs;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class HttpSinkTest {
  static final JsonMapper JSON = JsonMapper.builder().build();

  final LoopbackHttpServer server = new LoopbackHttpServer();
  /** Messages of the records in requests the server answered with a 2xx. */
  final Set<String> accepted = ConcurrentHashMap.newKeySet();
  final AtomicReference<String> checkpointViolation = new AtomicReference<>();
  NetworkSinkHarness harness;

  HttpSinkTest() throws InterruptedException {}

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
    server.close();
  }

  HttpSinkConfig sink(HttpSinkConfig.Format format, SinkConfig.HttpClientSettings client, Path deadLetters) {
    return new HttpSinkConfig("web", RecordFilter.ALL, SinkConfig.Budget.NONE, SinkConfigs.delivery(4, deadLetters), client,
        URI.create(server.url("/ingest?source=raylog")), format);
  }

  static List<String> ndjsonMessages(LoopbackHttpServer.Request request) {
    List<String> messages = new ArrayList<>();
    for (String line : request.bodyText().split("\n")) {
      JsonNode record = JSON.readTree(line);
      messages.add(record.get("message").asString());
    }
    return messages;
  }

  /** Answers with {@code reply}, and when it is a 2xx counts the records as accepted; checks the checkpoint first. */
  Reply accept(LoopbackHttpServer.Request request, Reply reply, List<String> messages) {
    long committed = harness.committedOffset();
    long allowed = harness.deliveredPrefixEnd(accepted);
    if (committed > allowed) {
      checkpointViolation.set("the checkpoint is at " + committed + " but only " + allowed + " is accepted");
    }
    if (reply instanceof Reply.Status status && status.code() / 100 == 2) {
      accepted.addAll(messages);
    }
    return reply;
  }

  List<String> publish(int count) {
    List<String> all = new ArrayList<>();
    for (int chunk = 0; chunk < count / 10; chunk++) {
      String[] lines = new String[10];
      for (int i = 0; i < 10; i++) {
        lines[i] = "line " + (chunk * 10 + i) + " \"quoted\" ünïcode";
        all.add(lines[i]);
      }
      harness.publish(lines);
    }
    harness.flush();
    return all;
  }

  @Test
  void deliversEveryRecordThroughFailuresResetsAndTimeoutsAndTheCheckpointNeverPassesAnUnacceptedRecord()
      throws Exception {
    AtomicInteger request = new AtomicInteger();
    List<Reply> script = List.of(Reply.status(500), new Reply.Status(429, "slow down", Map.of("Retry-After", "0")),
        new Reply.Reset(), new Reply.Delayed(2_000, Reply.ok("late")), Reply.status(503), new Reply.Reset());
    server.respond(r -> {
      int n = request.getAndIncrement();
      Reply reply = n < script.size() ? script.get(n) : n % 7 == 3 ? Reply.status(502) : Reply.ok("{}");
      return accept(r, reply, ndjsonMessages(r));
    });
    harness = new NetworkSinkHarness(
        sink(HttpSinkConfig.Format.NDJSON, SinkConfigs.client(SinkConfig.Compression.NONE, Duration.ofMillis(300)), null),
        25);
    List<String> sent = publish(1000);

    await().atMost(Duration.ofSeconds(30)).until(() -> harness.committedOffset() == harness.endOffset());
    assertThat(accepted).as("nothing lost").containsAll(sent);
    assertThat(checkpointViolation.get()).isNull();
    assertThat(harness.memoryHeld()).isZero();
    assertThat(server.requests()).allSatisfy(r -> {
      assertThat(r.method()).isEqualTo("POST");
      assertThat(r.uri()).isEqualTo("/ingest?source=raylog");
      assertThat(r.headers().get("Content-Type")).isEqualTo("application/x-ndjson");
      assertThat(r.headers().get("Host")).isEqualTo("127.0.0.1:" + server.port());
    });
    assertThat(harness.counter("raylog_sink_send_failures", "reason", "http_500")).isEqualTo(1);
    assertThat(harness.counter("raylog_sink_send_failures", "reason", "http_429")).isEqualTo(1);
    assertThat(harness.counter("raylog_sink_send_failures", "reason", "timeout")).isEqualTo(1);
    assertThat(harness.counter("raylog_sink_send_failures")).isGreaterThanOrEqualTo(6);
    assertThat(harness.counter("raylog_sink_records_sent")).isEqualTo(1000);
  }

  @Test
  void keepsConnectionsAliveAndOpensNoMoreThanTheInFlightLimit() throws Exception {
    server.respond(r -> accept(r, Reply.ok("{}"), ndjsonMessages(r)));
    harness = new NetworkSinkHarness(sink(HttpSinkConfig.Format.NDJSON, SinkConfigs.client(), null), 10);
    List<String> sent = publish(400);
    await().atMost(Duration.ofSeconds(20)).until(() -> harness.committedOffset() == harness.endOffset());
    assertThat(accepted).containsAll(sent);
    assertThat(server.requests()).hasSize(40);
    assertThat(server.connections()).as("keep-alive, at most max_in_flight connections").isBetween(1, 4);
  }

  @Test
  void sendsAJsonArrayCompressedWithGzipOrZstd() throws Exception {
    for (SinkConfig.Compression compression : List.of(SinkConfig.Compression.GZIP, SinkConfig.Compression.ZSTD)) {
      accepted.clear();
      server.respond(r -> {
        List<String> messages = new ArrayList<>();
        JSON.readTree(r.body()).forEach(record -> messages.add(record.get("message").asString()));
        return accept(r, Reply.ok("{}"), messages);
      });
      harness = new NetworkSinkHarness(
          sink(HttpSinkConfig.Format.JSON_ARRAY, SinkConfigs.client(compression, Duration.ofSeconds(5)), null), 50);
      List<String> sent = publish(200);
      await().atMost(Duration.ofSeconds(20)).until(() -> harness.committedOffset() == harness.endOffset());
      assertThat(accepted).containsAll(sent);
      LoopbackHttpServer.Request last = server.requests().get(server.requests().size() - 1);
      assertThat(last.headers().get("Content-Encoding")).isEqualTo(compression.name().toLowerCase());
      assertThat(last.headers().get("Content-Type")).isEqualTo("application/json");
      harness.close();
      harness = null;
    }
  }

  @Test
  void aRejectedBatchIsCountedDeadLetteredAndDoesNotHoldBackTheCheckpoint(@TempDir Path dir) throws Exception {
    AtomicInteger request = new AtomicInteger();
    server.respond(r -> accept(r, request.getAndIncrement() == 0 ? Reply.status(400) : Reply.ok("{}"), ndjsonMessages(r)));
    Path deadLetters = dir.resolve("rejected.ndjson");
    harness = new NetworkSinkHarness(sink(HttpSinkConfig.Format.NDJSON, SinkConfigs.client(), deadLetters), 1000);
    List<LogRecord> first = harness.publish("bad-1", "bad-2");
    harness.flush();
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.committedOffset() == harness.endOffset());
    harness.publish("good");
    harness.flush();
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.committedOffset() == harness.endOffset());
    assertThat(accepted).containsExactly("good");
    assertThat(harness.counter("raylog_sink_records_rejected", "reason", "http_400")).isEqualTo(2);
    List<String> lines = Files.readAllLines(deadLetters);
    assertThat(lines).hasSize(2);
    JsonNode rejected = JSON.readTree(lines.get(0));
    assertThat(rejected.get("sink").asString()).isEqualTo("web");
    assertThat(rejected.get("reason").asString()).isEqualTo("http_400");
    assertThat(rejected.get("detail").asString()).contains("scripted 400");
    assertThat(rejected.get("record").get("message").asString()).isEqualTo(first.get(0).message());
    assertThat(rejected.get("record").get("log").get("offset").asLong()).isEqualTo(first.get(0).offset);
  }

  @Test
  void sendsBasicCredentialsAndConfiguredHeadersAndNeverPrintsThem() throws Exception {
    server.respond(r -> accept(r, Reply.ok("{}"), ndjsonMessages(r)));
    SinkConfig.HttpClientSettings base = SinkConfigs.client();
    SinkConfig.HttpClientSettings client = new SinkConfig.HttpClientSettings(base.connectTimeout(),
        base.requestTimeout(), base.compression(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.of("raylog"), Optional.of(new Secret("pa55-w0rd")), Optional.empty(), Optional.empty(),
        Optional.empty(), Map.of("X-Api-Key", new Secret("key-123")));
    HttpSinkConfig config = sink(HttpSinkConfig.Format.NDJSON, client, null);
    harness = new NetworkSinkHarness(config, 10);
    publish(10);
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.committedOffset() == harness.endOffset());
    LoopbackHttpServer.Request request = server.requests().get(0);
    assertThat(request.headers().get("Authorization")).isEqualTo("Basic cmF5bG9nOnBhNTUtdzByZA==");
    assertThat(request.headers().get("X-Api-Key")).isEqualTo("key-123");
    assertThat(config.toString()).doesNotContain("pa55-w0rd").doesNotContain("key-123");
  }

  @Test
  void routesOnlyTheRecordsItsFilterTakesAndAcknowledgesTheRest() throws Exception {
    server.respond(r -> accept(r, Reply.ok("{}"), ndjsonMessages(r)));
    HttpSinkConfig config = new HttpSinkConfig("web", FilterExpression.parse("component == gcs_server"), SinkConfig.Budget.NONE,
        SinkConfigs.delivery(4, null), SinkConfigs.client(), URI.create(server.url("/")), HttpSinkConfig.Format.NDJSON);
    harness = new NetworkSinkHarness(config, 10);
    publish(100);
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.committedOffset() == harness.endOffset());
    assertThat(server.requests()).as("the test records are raylet's: none is routed").isEmpty();
    assertThat(harness.memoryHeld()).isZero();
  }
}
