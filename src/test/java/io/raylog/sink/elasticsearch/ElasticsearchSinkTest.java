package io.raylog.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raylog.config.SinkConfig;
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

class ElasticsearchSinkTest {
  static final JsonMapper JSON = JsonMapper.builder().build();

  /** One document of a bulk request: the index and the id its action names (null: none), and the document. */
  record Document(String index, String id, JsonNode source) {
    String message() {
      return source.get("message").asString();
    }
  }

  final LoopbackHttpServer server = new LoopbackHttpServer();
  /** Records Elasticsearch accepted or refused for good: a checkpoint may pass exactly these. */
  final Set<String> settled = ConcurrentHashMap.newKeySet();
  final Set<String> indexed = ConcurrentHashMap.newKeySet();
  final AtomicReference<String> violation = new AtomicReference<>();
  final List<List<String>> bulks = new java.util.concurrent.CopyOnWriteArrayList<>();
  NetworkSinkHarness harness;

  ElasticsearchSinkTest() throws InterruptedException {}

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
    server.close();
  }

  /** Decodes a _bulk body as Elasticsearch does: action line, then source line, for every document. */
  static List<Document> decodeBulk(String body) {
    assertThat(body).endsWith("\n");
    String[] lines = body.split("\n");
    assertThat(lines.length % 2).isZero();
    List<Document> documents = new ArrayList<>();
    for (int i = 0; i < lines.length; i += 2) {
      JsonNode action = JSON.readTree(lines[i]);
      assertThat(action.propertyNames()).containsExactly("create");
      JsonNode create = action.get("create");
      documents.add(new Document(create.get("_index").asString(),
          create.has("_id") ? create.get("_id").asString() : null, JSON.readTree(lines[i + 1])));
    }
    return documents;
  }

  static String item(int status, String errorType) {
    return errorType == null ? "{\"create\":{\"status\":" + status + "}}"
        : "{\"create\":{\"status\":" + status + ",\"error\":{\"type\":\"" + errorType + "\",\"reason\":\"scripted\"}}}";
  }

  @Test
  void retriesOnlyTheItemsThatFailedRetriablyAndDeadLettersTheRest(@TempDir Path dir) throws Exception {
    AtomicInteger request = new AtomicInteger();
    server.respond(r -> {
      List<Document> documents = decodeBulk(r.bodyText());
      if (harness.committedOffset() > harness.deliveredPrefixEnd(settled)) {
        violation.set("checkpoint passed a document not yet settled");
      }
      bulks.add(documents.stream().map(Document::message).toList());
      int n = request.getAndIncrement();
      if (n == 0) {
        return new Reply.Status(429, "{\"error\":\"too many requests\"}", Map.of());
      }
      if (n == 1) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
          items.add(i == 0 ? item(400, "document_parsing_exception")
              : i == 1 || i == 3 ? item(429, "es_rejected_execution_exception") : item(201, null));
        }
        for (int i = 0; i < documents.size(); i++) {
          if (i != 1 && i != 3) {
            settled.add(documents.get(i).message());
            if (i != 0) {
              indexed.add(documents.get(i).message());
            }
          }
        }
        return Reply.ok("{\"errors\":true,\"items\":[" + String.join(",", items) + "]}");
      }
      documents.forEach(d -> {
        settled.add(d.message());
        indexed.add(d.message());
      });
      return Reply.ok("{\"errors\":false}");
    });
    Path deadLetters = dir.resolve("es-rejected.ndjson");
    harness = new NetworkSinkHarness(new ElasticsearchSinkConfig("es", RecordFilter.ALL, SinkConfig.Budget.NONE,
        SinkConfigs.delivery(1, deadLetters), SinkConfigs.client(), URI.create(server.url("/prefix")),
        "raylog-%Y.%m.%d", false, Optional.of("ray-logs"), Optional.empty(), ElasticsearchSinkSchema.AwsService.ES), 100);
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      sent.add("doc " + i);
    }
    harness.publish(io.raylog.pipeline.TestRecords.SOURCE, new long[] {
        1_764_064_800_000L, 1_764_064_800_001L, 1_764_064_800_002L, 1_764_064_800_003L, 1_764_064_800_004L,
        1_764_151_200_000L, 1_764_151_200_001L, 1_764_151_200_002L, 1_764_151_200_003L, 1_764_151_200_004L},
        sent.toArray(new String[0]));
    harness.flush();
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.committedOffset() == harness.endOffset());

    assertThat(violation.get()).isNull();
    assertThat(bulks.get(2)).as("only the items that failed with 429 go again").containsExactly("doc 1", "doc 3");
    assertThat(indexed).containsExactlyInAnyOrderElementsOf(sent.subList(1, 10));
    assertThat(harness.counter("raylog_sink_records_rejected", "reason", "document_parsing_exception")).isEqualTo(1);
    assertThat(harness.counter("raylog_sink_records_sent")).isEqualTo(9);
    assertThat(harness.memoryHeld()).isZero();
    List<String> lines = Files.readAllLines(deadLetters);
    assertThat(lines).hasSize(1);
    assertThat(JSON.readTree(lines.get(0)).get("record").get("message").asString()).isEqualTo("doc 0");
    assertThat(JSON.readTree(lines.get(0)).get("reason").asString()).isEqualTo("document_parsing_exception");

    LoopbackHttpServer.Request first = server.requests().get(0);
    assertThat(first.uri()).isEqualTo("/prefix/_bulk?filter_path=errors,items.*.status,items.*.error&pipeline=ray-logs");
    List<Document> documents = decodeBulk(first.bodyText());
    assertThat(documents).extracting(Document::index)
        .containsExactly("raylog-2025.11.25", "raylog-2025.11.25", "raylog-2025.11.25", "raylog-2025.11.25",
            "raylog-2025.11.25", "raylog-2025.11.26", "raylog-2025.11.26", "raylog-2025.11.26", "raylog-2025.11.26",
            "raylog-2025.11.26");
    JsonNode source = documents.get(0).source();
    assertThat(source.get("@timestamp").asString()).isEqualTo("2025-11-25T10:00:00.000Z");
    assertThat(source.get("time").asString()).isEqualTo("2025-11-25T10:00:00.000Z");
    assertThat(source.get("ray").get("component").asString()).isEqualTo("raylet");
  }

  @Test
  void aBadBulkAnswerSendsEverythingAgainAndResetConnectionsAreRetried() throws Exception {
    AtomicInteger request = new AtomicInteger();
    server.respond(r -> {
      List<Document> documents = decodeBulk(r.bodyText());
      int n = request.getAndIncrement();
      if (n == 0) {
        return new Reply.Reset();
      }
      if (n == 1) {
        return Reply.ok("{\"errors\":true,\"items\":[]}");
      }
      if (n == 2) {
        return new Reply.Delayed(50, Reply.status(503));
      }
      documents.forEach(d -> indexed.add(d.message()));
      return Reply.ok("{\"errors\":false}");
    });
    harness = new NetworkSinkHarness(new ElasticsearchSinkConfig("es", RecordFilter.ALL, SinkConfig.Budget.NONE,
        SinkConfigs.delivery(2, null), SinkConfigs.client(SinkConfig.Compression.GZIP, Duration.ofSeconds(5)),
        URI.create(server.url("/")), "ray", true, Optional.empty(), Optional.empty(),
        ElasticsearchSinkSchema.AwsService.ES), 7);
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 70; i++) {
      sent.add("event " + i);
      harness.publish("event " + i);
    }
    harness.flush();
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.committedOffset() == harness.endOffset());
    assertThat(indexed).containsExactlyInAnyOrderElementsOf(sent);
    assertThat(harness.counter("raylog_sink_send_failures", "reason", "bad_response")).isEqualTo(1);
    assertThat(server.requests().get(0).uri()).isEqualTo("/_bulk?filter_path=errors,items.*.status,items.*.error");
    assertThat(decodeBulk(server.requests().get(0).bodyText())).extracting(Document::index).containsOnly("ray");
  }

  @Test
  void aDocumentSentAgainIsRefusedWith409AndCountsAsDelivered(@TempDir Path dir) throws Exception {
    // Elasticsearch as it treats create with _id: the first send indexes every document but its answer is lost (a
    // reset); the second finds every id taken and answers 409 item by item.
    Map<String, String> index = new ConcurrentHashMap<>();
    AtomicInteger request = new AtomicInteger();
    server.respond(r -> {
      List<Document> documents = decodeBulk(r.bodyText());
      List<String> items = new ArrayList<>();
      boolean errors = false;
      for (Document d : documents) {
        if (d.id() == null || index.putIfAbsent(d.id(), d.message()) != null) {
          items.add(item(409, "version_conflict_engine_exception"));
          errors = true;
        } else {
          items.add(item(201, null));
        }
      }
      return request.getAndIncrement() == 0 ? new Reply.Reset()
          : Reply.ok("{\"errors\":" + errors + ",\"items\":[" + String.join(",", items) + "]}");
    });
    Path deadLetters = dir.resolve("es-rejected.ndjson");
    harness = new NetworkSinkHarness(new ElasticsearchSinkConfig("es", RecordFilter.ALL, SinkConfig.Budget.NONE,
        SinkConfigs.delivery(1, deadLetters), SinkConfigs.client(), URI.create(server.url("/")), "ray", true,
        Optional.empty(), Optional.empty(), ElasticsearchSinkSchema.AwsService.ES), 100);
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sent.add("line " + i);
    }
    List<io.raylog.record.LogRecord> records = harness.publish(io.raylog.pipeline.TestRecords.IDENTIFIED, null, sent.toArray(new String[0]));
    harness.flush();
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.committedOffset() == harness.endOffset());

    assertThat(server.requests()).as("sent twice").hasSize(2);
    assertThat(decodeBulk(server.requests().get(1).bodyText())).extracting(Document::id)
        .as("the same ids the second time, the records' log.id")
        .containsExactlyElementsOf(records.stream().map(io.raylog.record.LogRecord::id).toList());
    assertThat(index.values()).as("each once").containsExactlyInAnyOrderElementsOf(sent);
    assertThat(harness.counter("raylog_sink_records_rejected")).isZero();
    assertThat(Files.exists(deadLetters) ? Files.readString(deadLetters) : "").as("no dead letter").isEmpty();
    assertThat(harness.memoryHeld()).isZero();
  }

  @Test
  void indexPatternsUseTheRecordsUtcHour() {
    IndexPattern pattern = new IndexPattern("logs-%Y-%m-%d.%H");
    assertThat(pattern.indexFor(1_764_064_800_000L)).isEqualTo("logs-2025-11-25.10");
    assertThat(pattern.indexFor(1_764_064_800_000L + 3_600_000L)).isEqualTo("logs-2025-11-25.11");
    assertThat(new IndexPattern("plain").indexFor(0)).isEqualTo("plain");
    assertThat(BulkResponseReader.reason("Mapper Parsing-Exception!", 400)).isEqualTo("mapperparsingexception");
    assertThat(BulkResponseReader.reason("", 400)).isEqualTo("item_400");
  }
}
