package io.raylog.e2e;

import static io.raylog.e2e.BadInputIT.config;
import static io.raylog.e2e.BadInputIT.freePort;
import static io.raylog.e2e.Scrapes.scrape;
import static io.raylog.e2e.Scrapes.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk under the state directory: a 64 KiB tmpfs mounted there (needs root, or CAP_SYS_ADMIN) and
 * filled, so checkpoint writes fail with ENOSPC from the kernel, not from an injected fault. Expected: each failed
 * write is logged ("No space left on device") and counted in {@code raylog_checkpoint_failures_total}, shipping
 * goes on at full speed, {@code raylog_checkpoint_age_seconds} grows, and when space comes back the next write
 * succeeds by itself and covers everything shipped.
 */
class FullStateDiskIT {
  @TempDir Path dir;

  @Test
  void checkpointWritesFailWithACountAndAMessageWhileShippingGoesOnAndResumeWhenSpaceReturns() throws Exception {
    Path state = Files.createDirectories(dir.resolve("state"));
    mountSmallTmpfs(state);
    try {
      Path filler = state.resolve("filler");
      fill(filler);
      Path root = dir.resolve("ray");
      Path logs = Files.createDirectories(root.resolve("session_2026-11-25_10-00-00_123456_1/logs"));
      Path output = dir.resolve("out/records.ndjson");
      int port = freePort();
      Path config = config(dir, List.of(root), state, output, port, "tail:\n  poll_interval: 50ms\n");
      NdjsonFile out = new NdjsonFile(output);
      try (HealthyFile healthy = new HealthyFile(logs.resolve("healthy.log"));
           RaylogProcess raylog = RaylogProcess.start(dir, "run", "--config", config.toString())) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
            .until(() -> sum(scrape(port), "raylog_checkpoint_failures_total") >= 3);
        assertThat(raylog.stderrText()).contains("writing checkpoints to " + state.resolve("checkpoints.json") + " failed")
            .contains("No space left on device").contains("shipping goes on");
        int before = HealthyFile.shipped(out.poll());
        await().atMost(Duration.ofSeconds(30)).until(() -> HealthyFile.shipped(out.poll()) > before + 100);
        assertThat(sum(scrape(port), "raylog_checkpoint_age_seconds")).as("the store is stale").isGreaterThan(0.5);

        Files.delete(filler);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(state.resolve("checkpoints.json")));
        int written = healthy.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> HealthyFile.shipped(out.poll()) == written);
        long size = Files.size(logs.resolve("healthy.log"));
        await().atMost(Duration.ofSeconds(30))
            .until(() -> SavedOffsets.of(state).contains(size));
        assertThat(raylog.isAlive()).isTrue();
        assertThat(raylog.terminate(30)).isIn(0, 143);
      }
    } finally {
      new ProcessBuilder("umount", state.toString()).inheritIO().start().waitFor();
    }
  }

  private static void mountSmallTmpfs(Path at) throws Exception {
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", at.toString())
        .redirectErrorStream(true).start();
    String said = new String(mount.getInputStream().readAllBytes());
    if (mount.waitFor() != 0) {
      RequiredTool.unavailable("mount -t tmpfs is not permitted here (" + said.strip() + "); it gives the test a real"
          + " full disk");
    }
  }

  /** Writes until the filesystem refuses: ENOSPC. */
  private static void fill(Path filler) throws IOException {
    byte[] block = new byte[4096];
    try (FileOutputStream out = new FileOutputStream(filler.toFile())) {
      while (true) {
        out.write(block);
      }
    } catch (IOException e) {
      assertThat(e.getMessage()).contains("No space left on device");
    }
  }
}
