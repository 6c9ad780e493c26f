package io.raylog.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * raylog killed with SIGKILL at random moments while Ray-like files are written and rotated, then restarted: no line
 * is lost, and duplicates stay within the documented window (the records in flight at the kill).
 */
class KillRestartIT {
  private static final int RATE = 10_000;
  private static final int KILLS = 8;

  @TempDir Path dir;

  @Test
  void noLineIsLostAcrossKillNineAndRestart() throws Exception {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    Path root = dir.resolve("ray");
    Path logs = Files.createDirectories(root.resolve("session_2026-11-25_10-00-00_123456_1/logs"));
    Path output = dir.resolve("out/records.ndjson");
    Path config = Configs.fileSink(dir, root, output, "");
    RayLikeWriter writer = new RayLikeWriter(logs, Long.MAX_VALUE / 8, RATE, 5_000);
    Thread writing = new Thread(writer, "writer");
    writing.start();
    NdjsonFile out = new NdjsonFile(output);
    try {
      for (int kill = 0; kill < KILLS; kill++) {
        RaylogProcess raylog = RaylogProcess.start(dir, "run", "--config", config.toString());
        int before = out.poll().size();
        // Kill it while it works, not while the JVM starts: after it has shipped something, at a random moment.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> out.poll().size() > before);
        Thread.sleep(random.nextInt(800));
        raylog.kill();
      }
    } finally {
      writer.stop();
      writing.join();
    }
    try (RaylogProcess raylog = RaylogProcess.start(dir, "run", "--config", config.toString())) {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .until(() -> writer.check(out.poll()).missing() == 0);
      raylog.terminate(30);
    }
    RayLikeWriter.Delivery delivery = writer.check(out.poll());
    double duplicateRate = (double) delivery.duplicates() / writer.totalWritten();
    System.out.printf("kill -9 loop (seed %d): %d kills, %d lines written, %d duplicates (%.3f%%)%n",
        seed, KILLS, writer.totalWritten(), delivery.duplicates(), duplicateRate * 100);
    assertThat(delivery.missing()).as("seed %d", seed).isZero();
    // The window: the checkpoint journal follows every acknowledged batch, so a kill re-ships only what was in
    // flight: the batch the file sink had written but whose acknowledgement was not journaled yet (2,048 records at
    // most with the default batch size), with a factor 2 of margin. Before the journal it was a checkpoint interval
    // of reading, up to 60,000 lines per kill here.
    assertThat(delivery.duplicates()).as("seed %d", seed).isLessThanOrEqualTo(KILLS * 2 * 2_048L);
  }
}
