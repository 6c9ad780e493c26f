package io.raylog.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.config.RaylogConfig;
import io.raylog.record.FileKey;
import io.raylog.record.FileProgress;
import io.raylog.tail.ReadFile;
import io.raylog.tail.SessionDir;
import io.raylog.tail.TailRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention over real files, with the tailer's view of them made up: which files go, which stay, and why, run by run.
 */
class RetentionTest {
  static final String OLD_SESSION = "session_2026-11-24_09-00-00_000001_1";
  static final String SESSION = "session_2026-11-25_10-00-00_123456_1";

  @TempDir Path dir;
  final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  final AtomicLong millis = new AtomicLong(System.currentTimeMillis());
  /** What the tailer follows, by path. */
  final Map<Path, ReadFile> followed = new LinkedHashMap<>();
  final Map<Path, FileProgress> progress = new HashMap<>();
  final List<String> deletions = new ArrayList<>();
  final RetentionEvents events = new RetentionEvents() {
    @Override
    public void deleted(String reason, int files, long bytes) {
      deletions.add(reason + ":" + files + ":" + bytes);
    }
  };

  Retention retention(RaylogConfig.Retention settings, List<TailRoot> roots, DeadPods deadPods) {
    return new Retention(settings, () -> roots, deadPods, each -> List.copyOf(followed.values()).forEach(each),
        List.of("loki", "s3"), events, nanos::get, millis::get);
  }

  static RaylogConfig.Retention settings(boolean rotated, long maxBytes) {
    return new RaylogConfig.Retention(true, rotated, Duration.ZERO, Duration.ofMinutes(10), maxBytes,
        Duration.ofSeconds(30));
  }

  /** A file written and followed, read to its end, acknowledged by neither sink yet. */
  Path follow(TailRoot root, String session, String relative, String text) throws Exception {
    Path logs = root.hostDir().resolve(session).resolve("logs");
    Path file = logs.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    FileProgress p = new FileProgress(2, 0);
    progress.put(file, p);
    followed.put(file, new ReadFile(FileKey.of(file), file, new SessionDir(root, session, logs), text.length(),
        text.length(), p, null, 0, false, 0));
    return file;
  }

  /** A pod's Ray temp dir on the node, as a hostPath layout names it ({@code <namespace>_<pod>}). */
  TailRoot podDirectory(String name) {
    return new TailRoot(dir.resolve("ray").resolve(name), "/tmp/ray", null, TailRoot.Layout.RAY_TEMP_DIR);
  }

  /** The {@code raylet.out} of a pod's directory, followed, read and acknowledged by both sinks. */
  Path shippedRaylet(TailRoot pod, String text) throws Exception {
    Path raylet = follow(pod, SESSION, "raylet.out", text);
    acknowledgeAll();
    return raylet;
  }

  /** Both clocks move on. */
  void later(Duration duration) {
    nanos.addAndGet(duration.toNanos());
    millis.addAndGet(duration.toMillis());
  }

  void acknowledge(Path file, int sink) throws Exception {
    progress.get(file).acknowledge(sink, Files.size(file));
  }

  void acknowledgeAll() throws Exception {
    for (Path file : followed.keySet()) {
      acknowledge(file, 0);
      acknowledge(file, 1);
    }
  }

  @Test
  void rotatedBackupsAndOldFilesGoOnlyOnceEverySinkAcknowledgedThemAndLiveFilesNever() throws Exception {
    TailRoot root = TailRoot.local(dir.resolve("ray"));
    Path live = follow(root, SESSION, "raylet.out", "live line\n");
    Path restarted = follow(root, SESSION, "gcs_server.1.out", "restarted gcs\n");
    Path rotated = follow(root, SESSION, "raylet.out.1", "rotated line\n");
    Path old = follow(root, SESSION, "old/worker-x-01000000-12.err", "dead worker\n");
    Retention retention = retention(settings(true, 0), List.of(root), DeadPods.NONE);

    retention.runOnce();
    assertThat(rotated).exists();
    assertThat(old).exists();
    assertThat(retention.status().heldBackBySink()).containsOnlyKeys("loki", "s3");

    acknowledge(rotated, 0);
    acknowledge(old, 0);
    retention.runOnce();
    assertThat(rotated).exists(); // s3 has not acknowledged them
    assertThat(retention.status().heldBackBySink()).containsOnlyKeys("s3")
        .containsEntry("s3", Files.size(rotated) + Files.size(old));

    acknowledgeAll();
    retention.runOnce();
    assertThat(rotated).doesNotExist();
    assertThat(old).doesNotExist();
    assertThat(live).exists();
    assertThat(restarted).exists();
    assertThat(deletions).containsExactlyInAnyOrder("rotated:1:13", "old:1:12");
    assertThat(retention.status().deletedBytesByReason()).containsEntry("rotated", 13L).containsEntry("old", 12L);
    assertThat(retention.status().heldBackBytes()).isZero();
  }

  @Test
  void aFileThatGrewSinceItWasReadIsNotDeleted() throws Exception {
    TailRoot root = TailRoot.local(dir.resolve("ray"));
    Path rotated = follow(root, SESSION, "dashboard.log.1", "line\n");
    acknowledgeAll();
    Files.writeString(rotated, "a last line written after the read\n", java.nio.file.StandardOpenOption.APPEND);
    retention(settings(true, 0), List.of(root), DeadPods.NONE).runOnce();
    assertThat(rotated).exists();
  }

  @Test
  void aFollowedPathThroughASymlinkOutOfTheTreeIsNeverDeleted() throws Exception {
    TailRoot root = TailRoot.local(dir.resolve("ray"));
    follow(root, SESSION, "raylet.out", "x\n");
    Path outside = Files.createDirectories(dir.resolve("elsewhere"));
    Path precious = Files.writeString(outside.resolve("raylet.out.1"), "not Ray's\n");
    Files.createSymbolicLink(root.hostDir().resolve(SESSION).resolve("logs/old"), outside);
    Path viaLink = root.hostDir().resolve(SESSION).resolve("logs/old/raylet.out.1");
    FileProgress p = new FileProgress(2, 0);
    p.acknowledge(0, 10);
    p.acknowledge(1, 10);
    followed.put(viaLink, new ReadFile(FileKey.of(precious), viaLink,
        new SessionDir(root, SESSION, root.hostDir().resolve(SESSION).resolve("logs")), 10, 10, p, null, 0, false, 0));

    retention(settings(true, 1), List.of(root), DeadPods.NONE).runOnce();

    assertThat(precious).exists();
    assertThat(deletions).isEmpty();
  }

  @Test
  void theCapDeletesTheOldestAcknowledgedFilesOfEarlierSessionsButNeverTheCurrentSessionsLiveFiles() throws Exception {
    TailRoot root = TailRoot.local(dir.resolve("ray"));
    Path older = follow(root, OLD_SESSION, "raylet.out", "x".repeat(99) + "\n");
    Path olderWorker = follow(root, OLD_SESSION, "worker-a-01000000-1.out", "y".repeat(99) + "\n");
    Path live = follow(root, SESSION, "raylet.out", "z".repeat(299) + "\n");
    Path liveWorker = follow(root, SESSION, "worker-b-01000000-2.out", "w".repeat(299) + "\n");
    Files.setLastModifiedTime(older, FileTime.fromMillis(1_000));
    Files.setLastModifiedTime(olderWorker, FileTime.fromMillis(2_000));
    acknowledgeAll();
    Retention retention = retention(settings(false, 650), List.of(root), DeadPods.NONE);

    retention.runOnce();
    assertThat(older).doesNotExist(); // 800 > 650: the oldest goes, 700 is still over, the next goes
    assertThat(olderWorker).doesNotExist();
    assertThat(live).exists();
    assertThat(liveWorker).exists();
    assertThat(retention.status().overCapBytes()).isZero();

    RaylogConfig.Retention tight = settings(false, 100);
    followed.remove(older);
    followed.remove(olderWorker);
    Retention strict = retention(tight, List.of(root), DeadPods.NONE);
    strict.runOnce();
    assertThat(live).exists();
    assertThat(liveWorker).exists();
    assertThat(strict.status().overCapBytes()).isEqualTo(500);
  }

  @Test
  void theSessionLatestLinkKeepsItsSessionLiveEvenIfAnotherNameSortsLater() throws Exception {
    Path root = Files.createDirectories(dir.resolve("ray"));
    Files.createDirectories(root.resolve(OLD_SESSION));
    Files.createDirectories(root.resolve(SESSION));
    Files.createSymbolicLink(root.resolve("session_latest"), root.resolve(OLD_SESSION));
    assertThat(Retention.liveSessions(root)).containsExactlyInAnyOrder(OLD_SESSION, SESSION);
  }

  @Test
  void aDeletedPodsSessionsGoAfterTheGraceTimeOnceEveryFileIsAcknowledged() throws Exception {
    TailRoot alive = podDirectory("default_alive");
    TailRoot gone = podDirectory("default_gone");
    Path aliveFile = follow(alive, SESSION, "raylet.out", "alive\n");
    Path goneFile = follow(gone, SESSION, "raylet.out", "gone\n");
    Path goneWorker = follow(gone, SESSION, "worker-c-01000000-3.err", "traceback\n");
    Files.createDirectories(gone.hostDir().resolve(SESSION).resolve("sockets"));
    Files.writeString(gone.hostDir().resolve("ray_current_cluster"), "10.0.0.1:6379");
    FakeDeadPods deadPods = new FakeDeadPods(gone);
    Retention retention = retention(settings(false, 0), List.of(alive), deadPods);
    // The tailer closes the files of a root that went away, once read; retention keeps them.
    retention.closed(closed(goneFile));
    retention.closed(closed(goneWorker));
    followed.remove(goneFile);
    followed.remove(goneWorker);

    retention.runOnce();
    assertThat(goneFile).exists();
    assertThat(retention.status().deadPods()).singleElement().asString().contains("dead_pod_grace");

    later(Duration.ofMinutes(10));
    retention.runOnce();
    assertThat(goneFile).exists(); // not acknowledged
    assertThat(retention.status().deadPods()).singleElement().asString().contains("not acknowledged");
    assertThat(retention.status().heldBackBySink()).containsEntry("s3", 15L);

    progress.get(goneFile).acknowledge(0, 5);
    progress.get(goneFile).acknowledge(1, 5);
    progress.get(goneWorker).acknowledge(0, 10);
    progress.get(goneWorker).acknowledge(1, 10);
    retention.runOnce();
    assertThat(gone.hostDir().resolve(SESSION)).doesNotExist();
    assertThat(gone.hostDir().resolve("ray_current_cluster")).exists(); // only session directories go
    assertThat(aliveFile).exists();
    assertThat(deadPods.forgotten).containsExactly(gone.hostDir());
    assertThat(deletions).containsExactly("dead_pod:2:15");
  }

  @Test
  void aDeletedPodsFileThatWasNeverReadHoldsItsDirectory() throws Exception {
    TailRoot gone = podDirectory("default_gone");
    Path read = shippedRaylet(gone, "gone\n");
    FakeDeadPods deadPods = new FakeDeadPods(gone);
    Retention retention = retention(settings(false, 0), List.of(), deadPods);
    retention.closed(closed(read));
    followed.clear();
    Files.writeString(gone.hostDir().resolve(SESSION).resolve("logs/never-read.log"), "unread\n");
    later(Duration.ofHours(1));
    retention.runOnce();
    later(Duration.ofHours(1));
    retention.runOnce();
    assertThat(read).exists();
    assertThat(retention.status().deadPods()).singleElement().asString().contains("7 bytes never read");
  }

  @Test
  void aDirectoryAPodStillUsesIsNeverDeleted() throws Exception {
    TailRoot gone = podDirectory("default_same_name");
    Path file = shippedRaylet(gone, "x\n");
    FakeDeadPods deadPods = new FakeDeadPods(gone);
    deadPods.claimed = true;
    Retention retention = retention(settings(false, 0), List.of(), deadPods);
    retention.runOnce();
    later(Duration.ofHours(1));
    retention.runOnce();
    assertThat(file).exists();
  }

  @Test
  void withRetentionOffADeletedPodsDirectoryIsFollowedUntilEveryFileIsShippedThenReleasedAndNothingIsDeleted()
      throws Exception {
    TailRoot gone = podDirectory("default_gone");
    Path raylet = follow(gone, SESSION, "raylet.out", "gone\n");
    FakeDeadPods deadPods = new FakeDeadPods(gone);
    DeadPodRelease release = new DeadPodRelease(deadPods, each -> List.copyOf(followed.values()).forEach(each), 2);

    release.runOnce();
    acknowledge(raylet, 0);
    release.runOnce();
    assertThat(deadPods.forgotten).isEmpty(); // one sink has not acknowledged it

    Files.writeString(gone.hostDir().resolve(SESSION).resolve("logs/not-followed-yet.log"), "unread\n");
    acknowledge(raylet, 1);
    release.runOnce();
    assertThat(deadPods.forgotten).isEmpty(); // a file not read yet (it waits for a descriptor)

    Files.delete(gone.hostDir().resolve(SESSION).resolve("logs/not-followed-yet.log"));
    release.runOnce();
    assertThat(deadPods.forgotten).containsExactly(gone.hostDir());
    assertThat(raylet).exists();
  }

  ReadFile closed(Path file) {
    ReadFile f = followed.get(file);
    return new ReadFile(f.key(), f.path(), f.session(), f.size(), f.readOffset(), f.progress(), null, 0, true, 0);
  }

  final class FakeDeadPods implements DeadPods {
    final List<Departed> departed = new ArrayList<>();
    final List<Path> forgotten = new ArrayList<>();
    boolean claimed;

    FakeDeadPods(TailRoot root) {
      departed.add(new Departed(root, millis.get()));
    }

    @Override
    public List<Departed> departedRoots() {
      return List.copyOf(departed);
    }

    @Override
    public boolean claimed(Path dir) {
      return claimed;
    }

    @Override
    public void forget(Path hostDir) {
      forgotten.add(hostDir);
      departed.removeIf(d -> d.root().hostDir().equals(hostDir));
    }
  }
}
