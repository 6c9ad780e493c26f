package io.raylog.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.config.RaylogConfig;
import io.raylog.record.FileKey;
import io.raylog.record.FileProgress;
import io.raylog.tail.ReadFile;
import io.raylog.tail.SessionDir;
import io.raylog.tail.TailRoot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decisions, over files made up in memory: which rule deletes what, what holds a file back, and for which sink. */
class RetentionPlanTest {
  static final long NOW = 1_000_000_000L;
  static final SessionDir SESSION = new SessionDir(TailRoot.local(Path.of("/tmp/ray")), "session_x",
      Path.of("/tmp/ray/session_x/logs"));
  static final RaylogConfig.Retention ON =
      new RaylogConfig.Retention(true, true, Duration.ZERO, Duration.ofMinutes(10), 0, Duration.ofSeconds(30));

  private long inode;

  /** A file of {@code size} bytes, read to its end, that sink 0 acknowledged to {@code ack0} and sink 1 to {@code ack1}. */
  KeptFile file(FileKind kind, long size, long ack0, long ack1, long modifiedMillis) {
    FileProgress progress = new FileProgress(2, 0);
    progress.acknowledge(0, ack0);
    progress.acknowledge(1, ack1);
    ReadFile read = new ReadFile(new FileKey(1, ++inode), SESSION.logsDir().resolve("f" + inode), SESSION, size, size,
        progress, null, 0, false, 0);
    return new KeptFile(read, kind, size, modifiedMillis);
  }

  @Test
  void aRotatedBackupGoesOnlyOnceEverySinkAcknowledgedItToItsEnd() {
    KeptFile acknowledged = file(FileKind.ROTATED, 100, 100, 100, 0);
    KeptFile oneSinkBehind = file(FileKind.ROTATED, 100, 100, 40, 0);
    KeptFile old = file(FileKind.OLD, 50, 50, 50, 0);

    RetentionPlan.Plan plan = RetentionPlan.plan(List.of(acknowledged, oneSinkBehind, old), ON, NOW, 2);

    assertThat(plan.deletions()).extracting(RetentionPlan.Deletion::file, RetentionPlan.Deletion::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(acknowledged, "rotated"),
            org.assertj.core.groups.Tuple.tuple(old, "old"));
    assertThat(plan.heldBackBytes()).isEqualTo(60);
    assertThat(plan.heldBackBySink()).containsExactly(0, 60); // the second sink holds it back
    assertThat(plan.keptBytes()).isEqualTo(100);
  }

  @Test
  void aFileReadButNotToItsEndIsNotAcknowledgedEvenIfItsCommittedOffsetCaughtUpWithTheRead() {
    FileProgress progress = new FileProgress(1, 0);
    progress.acknowledge(0, 60);
    ReadFile read = new ReadFile(new FileKey(1, 99), SESSION.logsDir().resolve("x.log.1"), SESSION, 60, 60, progress,
        null, 0, false, 0);
    KeptFile grewSince = new KeptFile(read, FileKind.ROTATED, 100, 0); // 100 bytes on disk now

    assertThat(RetentionPlan.plan(List.of(grewSince), ON, NOW, 1).deletions()).isEmpty();
  }

  @Test
  void aFileWhoseStartWasSkippedIsNeverAcknowledged() {
    FileProgress progress = new FileProgress(1, 100); // read_from: end on a first start: progress starts at its end
    ReadFile skipped = new ReadFile(new FileKey(1, 98), SESSION.logsDir().resolve("x.log.1"), SESSION, 100, 100,
        progress, null, 0, false, 100);
    assertThat(RetentionPlan.plan(List.of(new KeptFile(skipped, FileKind.ROTATED, 100, 0)), ON, NOW, 1).deletions())
        .isEmpty();
  }

  @Test
  void liveFilesAndEarlierSessionsAreLeftAloneWithoutACap() {
    KeptFile live = file(FileKind.LIVE, 100, 100, 100, 0);
    KeptFile earlier = file(FileKind.EARLIER_SESSION, 100, 100, 100, 0);
    KeptFile dead = file(FileKind.DEAD_POD, 100, 100, 100, 0);

    RetentionPlan.Plan plan = RetentionPlan.plan(List.of(live, earlier, dead), ON, NOW, 2);

    assertThat(plan.deletions()).isEmpty();
    assertThat(plan.heldBackBytes()).isZero();
  }

  @Test
  void minAgeKeepsYoungBackupsAndRotatedFilesFalseKeepsThemAll() {
    RaylogConfig.Retention anHour =
        new RaylogConfig.Retention(true, true, Duration.ofHours(1), Duration.ZERO, 0, Duration.ofSeconds(30));
    KeptFile young = file(FileKind.ROTATED, 10, 10, 10, NOW - 1000);
    KeptFile aged = file(FileKind.ROTATED, 10, 10, 10, NOW - 3_600_000);
    assertThat(RetentionPlan.plan(List.of(young, aged), anHour, NOW, 2).deletions())
        .extracting(RetentionPlan.Deletion::file).containsExactly(aged);

    RaylogConfig.Retention notRotated =
        new RaylogConfig.Retention(true, false, Duration.ZERO, Duration.ZERO, 0, Duration.ofSeconds(30));
    assertThat(RetentionPlan.plan(List.of(young, aged), notRotated, NOW, 2).deletions()).isEmpty();
  }

  @Test
  void overTheCapTheOldestAcknowledgedFilesNoLiveProcessWritesGoFirstUntilUnderIt() {
    RaylogConfig.Retention cap =
        new RaylogConfig.Retention(true, false, Duration.ofDays(1), Duration.ZERO, 250, Duration.ofSeconds(30));
    KeptFile live = file(FileKind.LIVE, 200, 200, 200, 0); // the oldest of all, but live
    KeptFile oldest = file(FileKind.EARLIER_SESSION, 100, 100, 100, 10);
    KeptFile unacknowledged = file(FileKind.ROTATED, 100, 100, 0, 20);
    KeptFile next = file(FileKind.OLD, 100, 100, 100, 30);
    KeptFile newest = file(FileKind.DEAD_POD, 100, 100, 100, 40);

    RetentionPlan.Plan plan = RetentionPlan.plan(List.of(newest, live, next, unacknowledged, oldest), cap, NOW, 2);

    // 600 bytes: the oldest goes, the unacknowledged one is held back (by sink 1), the next goes; 400 - 100 = 300
    // is still over 250, so the newest goes too.
    assertThat(plan.deletions()).extracting(RetentionPlan.Deletion::file).containsExactly(oldest, next, newest);
    assertThat(plan.deletions()).extracting(RetentionPlan.Deletion::reason).containsOnly("max_bytes");
    assertThat(plan.keptBytes()).isEqualTo(300);
    assertThat(plan.overCapBytes()).isEqualTo(50);
    assertThat(plan.heldBackBySink()).containsExactly(0, 100);
  }

  @Test
  void underTheCapNothingGoes() {
    RaylogConfig.Retention cap =
        new RaylogConfig.Retention(true, false, Duration.ZERO, Duration.ZERO, 1000, Duration.ofSeconds(30));
    KeptFile earlier = file(FileKind.EARLIER_SESSION, 100, 100, 100, 10);
    RetentionPlan.Plan plan = RetentionPlan.plan(List.of(earlier), cap, NOW, 2);
    assertThat(plan.deletions()).isEmpty();
    assertThat(plan.overCapBytes()).isZero();
  }

  @Test
  void aCopyTruncateCopyIsAcknowledgedOnlyWhenTheContentItContinuesIs() {
    FileProgress before = new FileProgress(1, 0);
    before.acknowledge(0, 50); // the truncated content was read to 80; only 50 acknowledged
    FileProgress progress = new FileProgress(1, 80);
    progress.acknowledge(0, 100);
    ReadFile copy = new ReadFile(new FileKey(1, 7), SESSION.logsDir().resolve("x.log.1"), SESSION, 100, 100, progress,
        before, 80, false, 0);
    KeptFile kept = new KeptFile(copy, FileKind.ROTATED, 100, 0);
    assertThat(RetentionPlan.plan(List.of(kept), ON, NOW, 1).deletions()).isEmpty();
    before.acknowledge(0, 80);
    assertThat(RetentionPlan.plan(List.of(kept), ON, NOW, 1).deletions()).hasSize(1);
  }
}
