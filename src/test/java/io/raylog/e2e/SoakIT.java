package io.raylog.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raylog.sink.testing.LoopbackHttpServer;
import io.raylog.sink.testing.LoopbackHttpServer.Reply;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak: raylog, with the container image's JVM options and the default configuration, follows Ray-like files
 * written at 20,000 lines a second for 30 minutes, rotated the ways Ray rotates them and deleted beyond a backup
 * count, and ships them to an HTTP sink that is down (503) for the middle third. Every 5 s it samples the process:
 * resident memory, descriptors open on deleted files, lag, whether reading is paused, lines delivered. It checks
 * that resident memory stays within the documented bound, that no descriptor stays open on a deleted file past
 * {@code tail.deleted_file_grace} (60 s), that delivery resumes by itself when the sink returns, that the lag
 * drains, and that every line arrived. Runs on request, for its length:
 *
 * <pre>mvn -B -ntp verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=SoakIT -Draylog.soak=true</pre>
 *
 * <p>{@code -Draylog.soak.minutes=N} shortens it (the outage is always the middle third), {@code -Draylog.soak.rate}
 * sets the lines per second. The samples go to {@code target/soak/samples.csv}, the summary to stdout and
 * {@code target/soak/summary.txt}.
 */
@EnabledIfSystemProperty(named = "raylog.soak", matches = "true")
class SoakIT {
  private static final double MINUTES = Double.parseDouble(System.getProperty("raylog.soak.minutes", "30"));
  private static final int RATE = Integer.getInteger("raylog.soak.rate", 20_000);
  /** Rotated files kept per stream; 100 outlast the 10-minute outage (a stream rotates every 10 s). */
  private static final int KEEP = Integer.getInteger("raylog.soak.keep", 100);
  /** docs/benchmark.md: the peak RSS target with the default memory limit and collector/jvm.options. */
  private static final long RSS_BOUND_MIB = 256;
  private static final Duration GRACE = Duration.ofSeconds(60);
  /** A deleted file is closed at its next check after the grace; checks come at least every poll interval. */
  private static final Duration GRACE_SLACK = Duration.ofSeconds(15);
  private static final long SAMPLE_MILLIS = 5_000;

  @TempDir Path dir;

  private final BitSet[] seen = {new BitSet(), new BitSet(), new BitSet(), new BitSet()};
  private final BitSet[] twice = {new BitSet(), new BitSet(), new BitSet(), new BitSet()};
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private volatile boolean sinkDown;

  @Test
  void thirtyMinutesAtTwentyThousandLinesASecondWithTheSinkDownForTen() throws Exception {
    Path root = dir.resolve("ray");
    Path logs = Files.createDirectories(root.resolve("session_2026-11-25_10-00-00_123456_1/logs"));
    long total = (long) (MINUTES * 60_000);
    long outageStart = total / 3;
    long outageEnd = 2 * total / 3;
    // 50,000 lines a file: a stream (a quarter of the rate) rotates every 10 s; 100 backups outlast the outage, so a
    // file is deleted only long after it was read, and no line is lost: the check below can demand every one.
    RayLikeWriter writer = new RayLikeWriter(logs, Long.MAX_VALUE / 8, RATE, 50_000).keepRotated(KEEP);
    Path report = Files.createDirectories(Path.of("target/soak"));

    try (LoopbackHttpServer server = new LoopbackHttpServer()) {
      server.keepRequests(false);
      server.respond(request -> {
        if (sinkDown) {
          return Reply.status(503);
        }
        count(request.body());
        return Reply.ok("{}");
      });
      Path config = Files.writeString(dir.resolve("raylog.yaml"), """
          discovery:
            static:
              roots: [%s]
          state_dir: %s
          sinks:
            - name: web
              type: http
              url: %s
          server:
            address: 127.0.0.1
            port: 0
          """.formatted(root, dir.resolve("state"), server.url("/ingest")));

      Thread writing = new Thread(writer, "writer");
      writing.start();
      Map<String, Long> deletedSince = new HashMap<>();
      long maxDeletedOpenMillis = 0;
      long peakRssKib = 0;
      long resumedAfterMillis = -1;
      long deliveredAtReturn = 0;
      try (RaylogProcess raylog = RaylogProcess.startAsInImage(dir, "run", "--config", config.toString());
          PrintWriter samples = new PrintWriter(Files.newBufferedWriter(report.resolve("samples.csv")))) {
        int port = ServedRaylog.awaitPort(raylog);
        samples.println("seconds,sink,written,delivered,lag_bytes,reading_paused,rss_mib,deleted_open");
        long started = System.currentTimeMillis();
        for (long now = 0; now < total; now = System.currentTimeMillis() - started) {
          boolean down = now >= outageStart && now < outageEnd;
          if (sinkDown && !down) {
            deliveredAtReturn = delivered.get();
          }
          sinkDown = down;
          if (!down && resumedAfterMillis < 0 && now >= outageEnd && delivered.get() > deliveredAtReturn) {
            resumedAfterMillis = now - outageEnd;
          }
          assertThat(raylog.isAlive()).as("raylog is running").isTrue();
          long rss = statusKib(raylog.pid(), "VmRSS:");
          peakRssKib = Math.max(peakRssKib, statusKib(raylog.pid(), "VmHWM:"));
          long wall = System.currentTimeMillis();
          Set<String> open = deletedOpen(raylog.pid());
          deletedSince.keySet().retainAll(open);
          for (String file : open) {
            long since = deletedSince.computeIfAbsent(file, f -> wall);
            maxDeletedOpenMillis = Math.max(maxDeletedOpenMillis, wall - since);
          }
          samples.printf(Locale.ROOT, "%d,%s,%d,%d,%.0f,%.0f,%d,%d%n", now / 1000, down ? "down" : "up",
              writer.totalWritten(), delivered.get(), Scrapes.sum(port, "raylog_lag_bytes"),
              Scrapes.sum(port, "raylog_reading_paused"), rss / 1024, open.size());
          samples.flush();
          Thread.sleep(SAMPLE_MILLIS);
        }
        writer.stop();
        writing.join();
        long written = writer.totalWritten();
        long drainStarted = System.currentTimeMillis();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
            .until(() -> delivered.get() - duplicates.get() >= written);
        long drainMillis = System.currentTimeMillis() - drainStarted;
        await().atMost(Duration.ofSeconds(30)).until(() -> Scrapes.sum(port, "raylog_lag_bytes") == 0);
        peakRssKib = Math.max(peakRssKib, statusKib(raylog.pid(), "VmHWM:"));

        long missing = 0;
        for (int s = 0; s < 4; s++) {
          missing += writer.written(s) - seen[s].get(0, (int) writer.written(s)).cardinality();
        }
        String summary = String.format(Locale.ROOT, """
            soak: %.1f min at %d lines/s, sink down (503) from minute %.1f to %.1f
              lines written %d, delivered %d, missing %d, duplicates %d (%.4f%%)
              peak RSS %.1f MiB (bound %d MiB, collector/jvm.options, default pipeline.memory_limit)
              longest a deleted file stayed open: %.1f s (grace %d s)
              delivery resumed %.1f s after the sink returned; the last lines arrived %.1f s after the writer stopped
              lines that arrived more than once, by stream: %s
            """, MINUTES, RATE, outageStart / 60_000.0, outageEnd / 60_000.0, written, delivered.get(), missing,
            duplicates.get(), 100.0 * duplicates.get() / written, peakRssKib / 1024.0, RSS_BOUND_MIB,
            maxDeletedOpenMillis / 1000.0, GRACE.toSeconds(), resumedAfterMillis / 1000.0, drainMillis / 1000.0,
            duplicateRuns());
        System.out.print(summary);
        Files.writeString(report.resolve("summary.txt"), summary);

        assertThat(missing).as("lines lost").isZero();
        assertThat(peakRssKib / 1024).as("peak RSS MiB").isLessThanOrEqualTo(RSS_BOUND_MIB);
        assertThat(maxDeletedOpenMillis).as("longest a deleted file stayed open, ms")
            .isLessThanOrEqualTo(GRACE.plus(GRACE_SLACK).toMillis());
        assertThat(resumedAfterMillis).as("delivery resumed by itself after the outage").isBetween(0L, 120_000L);
        assertThat(raylog.terminate(60)).isIn(0, 143);
      } finally {
        writer.stop();
        writing.join();
      }
    }
  }

  /** Per stream, how many lines arrived twice and the first runs of them (a whole file is a run of 50,000). */
  private String duplicateRuns() {
    StringBuilder out = new StringBuilder();
    for (int s = 0; s < 4; s++) {
      out.append(s).append(": ").append(twice[s].cardinality());
      int runs = 0;
      for (int from = twice[s].nextSetBit(0); from >= 0 && runs < 5; from = twice[s].nextSetBit(from), runs++) {
        int to = twice[s].nextClearBit(from);
        out.append(runs == 0 ? " [" : ", ").append(from).append('-').append(to - 1);
        from = to;
      }
      out.append(runs > 0 ? "]; " : "; ");
    }
    return out.toString();
  }

  /** Counts the sequence numbers of one accepted request: raylog's NDJSON, one record a line. */
  private void count(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    synchronized (seen) {
      for (int at = text.indexOf(RayLikeWriter.MARK); at >= 0; at = text.indexOf(RayLikeWriter.MARK, at + 1)) {
        int streamAt = at + RayLikeWriter.MARK.length() + 1;
        int numberEnd = text.indexOf(' ', streamAt + 2);
        int stream = text.charAt(streamAt) - '0';
        int n = Integer.parseInt(text, streamAt + 2, numberEnd, 10);
        if (seen[stream].get(n)) {
          duplicates.incrementAndGet();
          twice[stream].set(n);
        }
        seen[stream].set(n);
        delivered.incrementAndGet();
      }
    }
  }

  private static long statusKib(long pid, String key) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith(key)) {
        return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
      }
    }
    return 0;
  }

  /** The files the process holds open that have been deleted, by their former path. */
  private static Set<String> deletedOpen(long pid) throws IOException {
    Set<String> open = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.endsWith(" (deleted)")) {
            open.add(target);
          }
        } catch (IOException e) {
          // closed while listed
        }
      }
    }
    return open;
  }
}
