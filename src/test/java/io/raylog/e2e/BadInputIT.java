package io.raylog.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.FileOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The bad files a user's nodes produce, under the built jar, each beside a healthy file that must keep shipping.
 * Expected outcomes (docs/reliability.md lists them with the test of each):
 *
 * <ul>
 *   <li>binary data and NUL bytes: shipped as text, NUL escaped in the JSON, invalid bytes as U+FFFD, counted in
 *       {@code raylog_lines_invalid_utf8_total};
 *   <li>invalid UTF-8: U+FFFD in that line only, counted the same way;
 *   <li>a single 10 MiB line: shipped in pieces of {@code tail.max_line_bytes} flagged {@code log.split}, no byte
 *       lost, counted in {@code raylog_line_pieces_split_total};
 *   <li>a line without a newline that never ends: shipped piece by piece as it passes {@code tail.max_line_bytes};
 *       memory stays bounded;
 *   <li>a symlink loop, a symlink out of the roots, a FIFO: never followed nor opened, nothing read from them;
 *   <li>a session directory deleted while its file is being read: the open file is read to its end, then closed;
 *   <li>a root replaced by a file: a warning naming the path, counted in {@code raylog_files_open_failures_total};
 *       its open files are drained like deleted files;
 *   <li>a folder under {@code logs/} replaced by a file: no warning (the folder is gone), the file is read like any
 *       log file.
 * </ul>
 *
 * The unreadable file and directory, the full disk and the corrupt checkpoint store have their own tests below and
 * in {@link UnreadableFilesIT} and {@link FullStateDiskIT}.
 */
class BadInputIT {
  @TempDir Path dir;

  @Test
  void badFilesAreShippedOrSkippedWithACountAndAWarningAndNeverStallAHealthyFile() throws Exception {
    RayTempDir ray = RayTempDir.create(dir);
    Path root = ray.root();
    Path logs = ray.logs();
    Path otherRoot = dir.resolve("other-ray");
    Path otherLogs = Files.createDirectories(otherRoot.resolve("session_2026-11-25_10-00-00_123456_1/logs"));
    Files.writeString(otherLogs.resolve("root2.log"), "from the second root\n");
    Path readSession = root.resolve("session_2026-11-25_09-00-00_000001_1");
    Path bigLogs = Files.createDirectories(readSession.resolve("logs"));
    StringBuilder big = new StringBuilder();
    for (int i = 0; i < 200_000; i++) {
      big.append("deleted-session ").append(i).append(" padding padding padding\n");
    }
    Files.writeString(bigLogs.resolve("big.log"), big);

    long seed = new Random().nextLong();
    byte[] binary = new byte[64 * 1024];
    new Random(seed).nextBytes(binary);
    Files.write(logs.resolve("binary.bin"), binary);
    Path old = Files.createDirectories(logs.resolve("old"));
    Files.writeString(old.resolve("rotated.log"), "in the old folder\n");
    Files.write(logs.resolve("nul.log"), "before\0after\n".getBytes(StandardCharsets.US_ASCII));
    Files.write(logs.resolve("invalid.log"), new byte[] {'b', 'a', 'd', ' ', (byte) 0xC3, '(', ' ', (byte) 0xFF, '\n'});
    byte[] huge = new byte[10 * 1024 * 1024 + 1];
    java.util.Arrays.fill(huge, (byte) 'x');
    huge[huge.length - 1] = '\n';
    Files.write(logs.resolve("huge.log"), huge);
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("secret.log"), "outside the roots\n");
    Files.createSymbolicLink(logs.resolve("link.log"), outside.resolve("secret.log"));
    Files.createSymbolicLink(logs.resolve("outside-dir"), outside);
    Files.createSymbolicLink(logs.resolve("loop"), logs);
    assertThat(new ProcessBuilder("mkfifo", logs.resolve("fifo.out").toString()).start().waitFor()).isZero();

    int port = freePort();
    Path output = dir.resolve("out/records.ndjson");
    Path config = config(dir, List.of(root, otherRoot), dir.resolve("state"), output, port, """
        tail:
          poll_interval: 50ms
          max_line_bytes: 256KiB
        """);
    NdjsonFile out = new NdjsonFile(output);
    AtomicBoolean endless = new AtomicBoolean(true);
    Thread endlessWriter = new Thread(() -> writeWithoutNewline(logs.resolve("endless.log"), endless), "endless");
    try (HealthyFile healthy = new HealthyFile(logs.resolve("healthy.log"));
         RaylogProcess raylog = RaylogProcess.start(dir, "run", "--config", config.toString())) {
      endlessWriter.start();
      // The session is deleted while its file is being read: wait for its first record, then remove the tree.
      await().atMost(Duration.ofSeconds(60)).until(() -> count(out.poll(), "big.log") > 0);
      assertThat(new ProcessBuilder("rm", "-rf", readSession.toString()).start().waitFor()).isZero();
      // A folder under logs/ becomes a file: the file is a log like any other.
      await().atMost(Duration.ofSeconds(60)).until(() -> count(out.poll(), "old/rotated.log") == 1);
      assertThat(new ProcessBuilder("rm", "-rf", old.toString()).start().waitFor()).isZero();
      Files.writeString(old, "now a file\n");
      // The second root becomes a file.
      assertThat(new ProcessBuilder("rm", "-rf", otherRoot.toString()).start().waitFor()).isZero();
      Files.writeString(otherRoot, "not a directory\n");

      await().atMost(Duration.ofSeconds(60)).until(() -> count(out.poll(), "big.log") == 200_000);
      await().atMost(Duration.ofSeconds(60)).until(() -> raylog.stderrText().contains("cannot read " + otherRoot));
      await().atMost(Duration.ofSeconds(60)).until(() -> pieces(out.poll(), "endless.log") >= 3);
      int before = HealthyFile.shipped(out.poll());
      await().atMost(Duration.ofSeconds(30)).until(() -> HealthyFile.shipped(out.poll()) > before + 100);
      endless.set(false);
      endlessWriter.join();
      int written = healthy.stop();
      await().atMost(Duration.ofSeconds(30)).until(() -> HealthyFile.shipped(out.poll()) == written);

      String metrics = Scrapes.scrape(port);
      assertThat(raylog.isAlive()).isTrue();
      raylog.terminate(30);
      List<JsonNode> records = out.poll();

      assertThat(messages(records, "nul.log")).as("NUL kept, escaped in the JSON").containsExactly("before\0after");
      assertThat(messages(records, "invalid.log")).as("bad bytes of that line only become U+FFFD")
          .containsExactly("bad \uFFFD( \uFFFD");
      assertThat(count(records, "binary.bin")).as("binary data is shipped as lines (seed %d)", seed).isPositive();
      assertThat(Scrapes.sum(metrics, "raylog_lines_invalid_utf8_total")).as("invalid lines counted").isGreaterThanOrEqualTo(2);

      List<JsonNode> hugePieces = records.stream().filter(r -> file(r).equals("huge.log")).toList();
      assertThat(hugePieces).as("10 MiB in pieces of 256 KiB").hasSizeGreaterThanOrEqualTo(40)
          .allSatisfy(r -> assertThat(r.get("message").asString()).matches("x*"));
      assertThat(hugePieces.stream().mapToLong(r -> r.get("message").asString().length()).sum())
          .as("no byte of the long line lost").isEqualTo(10L * 1024 * 1024);
      assertThat(hugePieces.stream().filter(r -> r.get("log").has("split")).count()).isGreaterThanOrEqualTo(40);
      assertThat(Scrapes.sum(metrics, "raylog_line_pieces_split_total")).isGreaterThanOrEqualTo(43);

      assertThat(records).as("nothing through a symlink, nothing from the FIFO")
          .noneMatch(r -> r.get("message").asString().contains("outside the roots"))
          .noneMatch(r -> r.get("log").get("path").asString().contains("link.log")
              || r.get("log").get("path").asString().contains("/loop/")
              || r.get("log").get("path").asString().contains("fifo.out"));
      assertThat(messages(records, "root2.log")).containsExactly("from the second root");
      assertThat(messages(records, "old")).containsExactly("now a file");
      assertThat(Scrapes.sum(metrics, "raylog_files_open_failures_total")).as("the root that became a file, once").isEqualTo(1);
      assertThat(Scrapes.sum(metrics, "raylog_files_deleted_total")).as("big.log and root2.log").isGreaterThanOrEqualTo(2);
      assertThat(raylog.stderrText()).contains("NotDirectoryException").doesNotContain("Exception in thread");
    } finally {
      endless.set(false);
      endlessWriter.join();
    }
  }

  @Test
  void aTruncatedCheckpointStoreIsMovedAsideAndEveryLineIsShippedAgainNotLost() throws Exception {
    RayTempDir ray = RayTempDir.create(dir);
    Path logs = ray.logs();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      text.append(HealthyFile.PREFIX).append(i).append('\n');
    }
    Files.writeString(logs.resolve("a.log"), text);
    Files.writeString(logs.resolve("b.log"), text);
    Path output = dir.resolve("out/records.ndjson");
    Path config = Configs.fileSink(dir, ray.root(), output, "");
    NdjsonFile out = new NdjsonFile(output);
    try (RaylogProcess raylog = RaylogProcess.start(dir, "run", "--config", config.toString())) {
      await().atMost(Duration.ofSeconds(60)).until(() -> out.poll().size() == 2000);
      assertThat(raylog.terminate(30)).isIn(0, 143);
    }
    Path store = dir.resolve("state/checkpoints.json");
    byte[] written = Files.readAllBytes(store);
    Files.write(store, java.util.Arrays.copyOf(written, written.length / 2)); // a torn write, by another tool

    try (RaylogProcess raylog = RaylogProcess.start(dir, "run", "--config", config.toString())) {
      await().atMost(Duration.ofSeconds(60)).until(() -> out.poll().size() == 4000);
      assertThat(raylog.stderrText()).contains("checkpoint store " + store + " is unreadable")
          .contains("will read every file from the beginning");
      raylog.terminate(30);
    }
    assertThat(HealthyFile.shipped(out.poll())).as("duplicates, never loss").isEqualTo(1000);
    try (var files = Files.list(dir.resolve("state"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("the bad store is kept for a person to look at").anyMatch(n -> n.startsWith("checkpoints.json.corrupt-"));
    }
  }

  /** Appends 16 KiB every 20 ms and never a newline: one line that never ends. */
  private static void writeWithoutNewline(Path file, AtomicBoolean running) {
    byte[] piece = "y".repeat(16 * 1024).getBytes(StandardCharsets.US_ASCII);
    try (FileOutputStream stream = new FileOutputStream(file.toFile(), true)) {
      while (running.get()) {
        stream.write(piece);
        Thread.sleep(20);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String file(JsonNode record) {
    return record.get("ray").get("file").asString();
  }

  static long count(List<JsonNode> records, String file) {
    return records.stream().filter(r -> file(r).equals(file)).count();
  }

  private static long pieces(List<JsonNode> records, String file) {
    return records.stream().filter(r -> file(r).equals(file) && r.get("log").has("split")).count();
  }

  static List<String> messages(List<JsonNode> records, String file) {
    return records.stream().filter(r -> file(r).equals(file)).map(r -> r.get("message").asString()).toList();
  }

  static int freePort() throws IOException {
    try (ServerSocket free = new ServerSocket(0)) {
      return free.getLocalPort();
    }
  }

  /** A configuration with the metrics server on 127.0.0.1:{@code port} and a file sink. */
  static Path config(Path dir, List<Path> roots, Path stateDir, Path output, int port, String extra) throws IOException {
    Path config = dir.resolve("raylog.yaml");
    Files.writeString(config, """
        discovery:
          static:
            roots: %s
            scan_interval: 200ms
        state_dir: %s
        checkpoint:
          interval: 200ms
        sinks:
          - name: archive
            type: file
            path: %s
        server:
          address: 127.0.0.1
          port: %d
        %s
        """.formatted(roots, stateDir, output, port, extra));
    return config;
  }
}
