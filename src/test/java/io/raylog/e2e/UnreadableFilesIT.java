package io.raylog.e2e;

import static io.raylog.e2e.BadInputIT.config;
import static io.raylog.e2e.BadInputIT.freePort;
import static io.raylog.e2e.BadInputIT.messages;
import static io.raylog.e2e.Scrapes.scrape;
import static io.raylog.e2e.Scrapes.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log file and a log directory raylog may not read (EACCES). Permissions do not bind root, and the tests run as
 * root here, so the jar runs as the unprivileged user {@code nobody} through {@code setpriv}, as it would in a pod
 * with {@code runAsNonRoot}. Expected: a warning naming each path, {@code raylog_files_open_failures_total} counts
 * them, the healthy file beside them keeps shipping, and once the permissions are fixed both are read at the next
 * scan, with no restart.
 */
class UnreadableFilesIT {
  private static final String NOBODY = "65534";

  @TempDir Path dir;

  @Test
  void anUnreadableFileAndDirectoryAreReportedCountedAndReadOnceTheirPermissionsAreFixed() throws Exception {
    // Root reads everything: drop to nobody. A non-root user is denied already and runs raylog as itself.
    List<String> asUnprivileged = "root".equals(System.getProperty("user.name"))
        ? List.of(RequiredTool.find("setpriv", "util-linux").toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY,
            "--clear-groups")
        : List.of();
    open(dir);
    Path root = dir.resolve("ray");
    Path logs = Files.createDirectories(root.resolve("session_2026-11-25_10-00-00_123456_1/logs"));
    Path secret = Files.writeString(logs.resolve("secret.log"), "the secret line\n");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
    Path locked = Files.createDirectories(logs.resolve("locked"));
    Files.writeString(locked.resolve("inner.log"), "the inner line\n");
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    Path state = ownedByNobody(dir.resolve("state"));
    Path output = ownedByNobody(dir.resolve("out")).resolve("records.ndjson");
    int port = freePort();
    Path config = config(dir, List.of(root), state, output, port, "tail:\n  poll_interval: 50ms\n");
    NdjsonFile out = new NdjsonFile(output);
    try (HealthyFile healthy = new HealthyFile(logs.resolve("healthy.log"));
         RaylogProcess raylog = RaylogProcess.start(dir, Map.of(),
             asUnprivileged,
             "run", "--config", config.toString())) {
      await().atMost(Duration.ofSeconds(60)).until(() -> raylog.stderrText().contains("cannot open " + secret)
          && raylog.stderrText().contains("cannot read " + locked));
      assertThat(raylog.stderrText()).contains("AccessDeniedException").contains("will retry at every scan");
      int before = HealthyFile.shipped(out.poll());
      await().atMost(Duration.ofSeconds(30)).until(() -> HealthyFile.shipped(out.poll()) > before + 100);
      assertThat(sum(scrape(port), "raylog_files_open_failures_total")).isEqualTo(2);
      assertThat(out.poll()).as("nothing of what it may not read")
          .noneMatch(r -> r.get("message").asString().contains("secret") || r.get("message").asString().contains("inner"));

      Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
      await().atMost(Duration.ofSeconds(30)).until(() -> messages(out.poll(), "secret.log").size() == 1
          && messages(out.poll(), "locked/inner.log").size() == 1);
      assertThat(messages(out.poll(), "secret.log")).containsExactly("the secret line");
      int written = healthy.stop();
      await().atMost(Duration.ofSeconds(30)).until(() -> HealthyFile.shipped(out.poll()) == written);
      assertThat(raylog.isAlive()).isTrue();
      assertThat(raylog.terminate(30)).isIn(0, 143);
    }
  }

  /** The temp dir is private to root; nobody must reach the files under it to be denied only where the test says. */
  private static void open(Path dir) throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static Path ownedByNobody(Path path) throws Exception {
    Files.createDirectories(path);
    Files.setAttribute(path, "unix:uid", Integer.parseInt(NOBODY));
    Files.setAttribute(path, "unix:gid", Integer.parseInt(NOBODY));
    return path;
  }
}
