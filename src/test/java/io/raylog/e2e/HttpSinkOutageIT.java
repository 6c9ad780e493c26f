package io.raylog.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raylog.sink.testing.LoopbackHttpServer;
import io.raylog.sink.testing.LoopbackHttpServer.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The built jar ships a file to an http sink whose server goes through outages: a run of 503s, a reset connection,
 * 429s with Retry-After, answers slower than the request timeout, then another run of 500s. Every line arrives, and
 * no checkpoint written at any time covers a line the server had not accepted.
 */
class HttpSinkOutageIT {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final int LINES = 30_000;

  @TempDir Path dir;

  @Test
  void everyLineArrivesThroughOutagesAndCheckpointsNeverPassUnacceptedLines() throws Exception {
    RayTempDir ray = RayTempDir.create(dir);
    StringBuilder text = new StringBuilder();
    long[] ends = new long[LINES];
    for (int i = 0; i < LINES; i++) {
      text.append(NumberedStreams.rayletLine(i, "padding so that batches fill up"));
      ends[i] = text.length(); // ASCII: chars are bytes
    }
    Files.writeString(ray.logs().resolve("raylet.out"), text);
    Path state = dir.resolve("state");

    BitSet accepted = new BitSet();
    AtomicReference<String> violation = new AtomicReference<>();
    AtomicInteger requests = new AtomicInteger();
    try (LoopbackHttpServer server = new LoopbackHttpServer()) {
      server.respond(request -> {
        int n = requests.getAndIncrement();
        synchronized (accepted) {
          long committed = committedOffset(state);
          int prefix = accepted.nextClearBit(0);
          long allowed = prefix == 0 ? 0 : ends[prefix - 1];
          if (committed > allowed) {
            violation.compareAndSet(null, "checkpoint at " + committed + " but only " + allowed + " accepted");
          }
        }
        Reply reply;
        if (n < 5) {
          reply = Reply.status(503);
        } else if (n == 5) {
          reply = new Reply.Reset();
        } else if (n < 8) {
          reply = new Reply.Status(429, "slow down", Map.of("Retry-After", "1"));
        } else if (n == 12 || n == 13) {
          reply = new Reply.Delayed(1_500, Reply.ok("{}"));
        } else if (n >= 20 && n < 26) {
          reply = Reply.status(500);
        } else {
          reply = Reply.ok("{}");
        }
        if (reply instanceof Reply.Status status && status.code() == 200) {
          synchronized (accepted) {
            for (String line : request.bodyText().split("\n")) {
              String message = JSON.readTree(line).get("message").asString();
              accepted.set(Integer.parseInt(message.split(" ", 4)[2]));
            }
          }
        }
        return reply;
      });

      Path config = Configs.write(dir, Configs.staticRoots(dir, ray.root()), """
          checkpoint:
            interval: 50ms
          shutdown_timeout: 5s
          pipeline:
            memory_limit: 2MiB
            batch:
              max_records: 500
              max_bytes: 256KiB
          sinks:
          """, Configs.httpSink("web", server.url("/ingest"), "500ms"), """
              compression: gzip
          server:
            enabled: false
          """);
      try (RaylogProcess raylog = RaylogProcess.start(dir, "run", "--config", config.toString())) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
          assertThat(raylog.isAlive()).as("raylog is running").isTrue();
          synchronized (accepted) {
            return accepted.cardinality() == LINES;
          }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> committedOffset(state) == ends[LINES - 1]);
        assertThat(raylog.terminate(30)).isIn(0, 143);
        assertThat(raylog.stderrText()).contains("sink web: send failed").contains("http_503");
      }
      assertThat(violation.get()).isNull();
      assertThat(requests.get()).isGreaterThan(26);
    }
  }

  /** The furthest offset saved: the snapshot and the journal over it, what a restart would resume from. */
  private static long committedOffset(Path state) {
    return SavedOffsets.of(state).stream().mapToLong(Long::longValue).max().orElse(0);
  }
}
