package io.raylog.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.raylog.record.FileKey;
import io.raylog.record.Fingerprint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The checkpointer's rule on a real state directory; the timer never fires (an hour): the tests call each interval. */
class CheckpointerTest {
  @TempDir Path dir;

  private final Followed source = new Followed();
  private final Recorded events = new Recorded();
  private CheckpointStore store;
  private Checkpointer checkpointer;

  private Checkpointer started() throws Exception {
    store = new CheckpointStore(dir);
    checkpointer = new Checkpointer(store, Duration.ofHours(1), events, System::nanoTime);
    checkpointer.load();
    checkpointer.start(source);
    return checkpointer;
  }

  @AfterEach
  void close() {
    if (checkpointer != null) {
      checkpointer.close();
    }
  }

  @Test
  void theJournalIsSyncedEachIntervalAndCompactedIntoASnapshotOnlyPastItsThreshold() throws Exception {
    started();
    source.move(1, 100); // followed from its end, say: no acknowledgement will ever journal it
    checkpointer.interval();
    assertThat(events.snapshots).as("the first interval of a new state directory").isEqualTo(1);
    assertThat(restart().firstStart()).as("the next start is not a first start").isFalse();

    acknowledge(1, 150);
    checkpointer.interval();
    assertThat(events.synced).isEqualTo(1);
    assertThat(events.snapshots).as("a journal this small is only synced").isEqualTo(1);
    assertThat(reloaded()).isEqualTo(source.journaled);

    // 20,000 files moved: more than 1 MiB of journal, more than the snapshot: compacted
    for (int i = 0; i < 20_000; i++) {
      source.move(i, 1_000 + i);
    }
    checkpointer.journalChanges();
    assertThat(store.journalBytes()).isGreaterThan(Math.max(Checkpointer.MIN_COMPACTION_BYTES, store.snapshotBytes()));
    checkpointer.interval();
    assertThat(events.snapshots).isEqualTo(2);
    assertThat(store.journaled()).as("the new segment holds no entry").isFalse();
    assertThat(reloaded()).isEqualTo(source.journaled);

    // below the threshold again: the next intervals only sync the journal
    acknowledge(5, 99_999);
    checkpointer.interval();
    assertThat(events.snapshots).isEqualTo(2);
    assertThat(events.synced).isEqualTo(2);
    assertThat(reloaded()).isEqualTo(source.journaled);
  }

  @Test
  void anIdleNodeWritesNothingAndReadsNoFile() throws Exception {
    started();
    acknowledge(1, 100);
    checkpointer.close(); // the last snapshot
    started();
    Path journal = store.journalFile();
    byte[] snapshot = Files.readAllBytes(store.file());
    byte[] segment = Files.readAllBytes(journal);
    int allBefore = source.allCalls;
    for (int i = 0; i < 5; i++) {
      checkpointer.journalChanges();
      checkpointer.interval();
    }
    assertThat(events.unchanged).isEqualTo(5);
    assertThat(events.synced + events.failed).isZero();
    assertThat(source.allCalls).as("no checkpoint of every file per interval").isEqualTo(allBefore);
    assertThat(Files.readAllBytes(store.file())).isEqualTo(snapshot);
    assertThat(Files.readAllBytes(journal)).isEqualTo(segment);
    int snapshots = events.snapshots;
    checkpointer.close();
    assertThat(events.snapshots).as("nothing journaled since the last snapshot: none at close").isEqualTo(snapshots);
  }

  /**
   * The real timer: an interval runs after a change, and none is scheduled while nothing changes (a quiet node's
   * checkpoint thread sleeps); the next change schedules the next one.
   */
  @Test
  void theTimerRunsAnIntervalAfterAChangeAndSleepsWhileNothingChanges() throws Exception {
    store = new CheckpointStore(dir);
    checkpointer = new Checkpointer(store, Duration.ofMillis(20), events, System::nanoTime);
    checkpointer.load();
    checkpointer.start(source);
    await().atMost(Duration.ofSeconds(10)).until(() -> events.snapshots == 1); // a new state directory's first
    await().atMost(Duration.ofSeconds(10)).until(() -> !checkpointer.intervalScheduled());

    for (int round = 1; round <= 3; round++) {
      acknowledge(1, 100 * round);
      assertThat(checkpointer.intervalScheduled()).as("a change schedules an interval").isTrue();
      int synced = round;
      await().atMost(Duration.ofSeconds(10)).until(() -> events.synced == synced);
      await().atMost(Duration.ofSeconds(10)).until(() -> !checkpointer.intervalScheduled());
      assertThat(reloaded()).isEqualTo(source.journaled);
    }
    assertThat(events.unchanged).as("no interval ran without a change").isZero();
  }

  /** A node following 200,000 files, one of them busy: an interval writes that file's entry and nothing else. */
  @Test
  void anIntervalCostsTheFilesThatChangedNotTheFilesFollowed() throws Exception {
    for (int i = 0; i < 200_000; i++) {
      source.move(i, i);
    }
    started();
    checkpointer.journalChanges();
    checkpointer.interval(); // the first snapshot of the state directory
    assertThat(events.snapshots).isEqualTo(1);
    long snapshotBytes = Files.size(store.file());
    var snapshotModified = Files.getLastModifiedTime(store.file());
    int allCalls = source.allCalls;

    for (int round = 1; round <= 3; round++) {
      long journalBefore = store.journalBytes();
      acknowledge(7, 1_000_000L + round);
      checkpointer.interval();
      long written = store.journalBytes() - journalBefore;
      assertThat(written).as("one entry line").isBetween(50L, 200L);
      assertThat(Files.readString(store.journalFile()).lines().skip(1))
          .as("round %d: the busy file's entries only", round).hasSize(round)
          .allSatisfy(line -> assertThat(line).contains("\"inode\":7,"));
    }
    assertThat(events.synced).isEqualTo(3);
    assertThat(events.snapshots).isEqualTo(1);
    assertThat(source.allCalls).isEqualTo(allCalls);
    assertThat(Files.size(store.file())).isEqualTo(snapshotBytes);
    assertThat(Files.getLastModifiedTime(store.file())).isEqualTo(snapshotModified);
  }

  /**
   * A kill at each step of a snapshot, with acknowledgements journaled at every step before it (while the snapshot
   * is written and fsynced, what the past ChaosIT run lost): the next start resumes every file exactly where the
   * last journaled acknowledgement reached, never short of it, never beyond.
   */
  @ParameterizedTest
  @EnumSource(CheckpointStore.SaveStep.class)
  void aKillAtAnyStepOfASnapshotResumesAtEveryAcknowledgedOffset(CheckpointStore.SaveStep killAt) throws Exception {
    started();
    source.move(1, 100);
    acknowledge(2, 100);
    checkpointer.close(); // a first snapshot
    started();
    acknowledge(1, 150);
    store.afterStep(step -> {
      source.move(1, 200 + step.ordinal());
      acknowledge(3 + step.ordinal(), 10);
      if (step == killAt) {
        throw new CheckpointStoreTest.Killed();
      }
    });
    assertThatThrownBy(checkpointer::close).isInstanceOf(CheckpointStoreTest.Killed.class);
    checkpointer = null; // killed: nothing more runs

    assertThat(reloaded()).isEqualTo(source.journaled);
  }

  @Test
  void aJournalThatCannotBeWrittenFallsBackToASnapshotEachIntervalUntilItCan() throws Exception {
    started();
    acknowledge(1, 50);
    checkpointer.close(); // a snapshot, continued by segment 1
    Files.delete(dir.resolve(CheckpointJournal.FILE_NAME + ".1"));
    Files.createDirectories(dir.resolve(CheckpointJournal.FILE_NAME + ".1")); // in the way: the journal cannot start
    started();
    int snapshots = events.snapshots;
    acknowledge(1, 100);
    checkpointer.interval();
    assertThat(events.snapshots - snapshots).as("the offsets the journal could not take").isEqualTo(1);
    assertThat(reloaded()).isEqualTo(source.journaled);

    // the snapshot started a new segment: the journal is the path again
    acknowledge(1, 200);
    checkpointer.interval();
    assertThat(events.snapshots - snapshots).isEqualTo(1);
    assertThat(events.synced).isEqualTo(1);
    assertThat(reloaded()).isEqualTo(source.journaled);
  }

  @Test
  void aFailedSnapshotIsCountedAndRetriedAndHoldsNothingBack() throws Exception {
    Files.createDirectories(dir.resolve(CheckpointJournal.FILE_NAME + ".0"));
    Path temp = Files.createDirectories(dir.resolve(CheckpointStore.FILE_NAME + ".tmp"));
    started();
    acknowledge(1, 100);
    checkpointer.interval();
    checkpointer.interval();
    assertThat(events.failed).isEqualTo(2);
    assertThat(events.snapshots).isZero();

    // the failed snapshots started segments that hold what came after them, and nothing is kept in memory
    for (int i = 0; i < 1_000; i++) {
      acknowledge(2, i);
    }
    Files.delete(temp);
    checkpointer.interval();
    assertThat(events.snapshots).isEqualTo(1);
    assertThat(store.journaled()).as("the new segment starts empty: nothing carried over").isFalse();
    assertThat(reloaded()).isEqualTo(source.journaled);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(CheckpointJournal.FILE_NAME)))
          .as("one segment left, besides the directory in the way").hasSize(2);
    }
  }

  /** A file's committed offset moves and the acknowledgement is journaled, as after a sink's acknowledgement. */
  private void acknowledge(int file, long offset) {
    source.move(file, offset);
    checkpointer.journalChanges();
  }

  /** What a restart would find, read by a store of its own, as the next process would. */
  private CheckpointStore.Loaded restart() throws Exception {
    CheckpointStore restarted = new CheckpointStore(dir);
    try {
      return restarted.load();
    } finally {
      restarted.close();
    }
  }

  /** The offsets a restart would resume from. */
  private Map<FileKey, Long> reloaded() throws Exception {
    return offsets(restart().checkpoints());
  }

  private static Map<FileKey, Long> offsets(Map<FileKey, FileCheckpoint> checkpoints) {
    Map<FileKey, Long> result = new HashMap<>();
    checkpoints.forEach((key, checkpoint) -> result.put(key, checkpoint.offset()));
    return result;
  }

  /**
   * Files whose committed offsets move; {@link #journaled} is what {@link #changed} handed out, the offsets
   * acknowledged and journaled.
   */
  static final class Followed implements CheckpointSource {
    private static final Fingerprint FINGERPRINT = new Fingerprint(1024, 42);
    private final Map<FileKey, FileCheckpoint> current = new LinkedHashMap<>();
    private final Set<FileKey> moved = new LinkedHashSet<>();
    final Map<FileKey, Long> journaled = new HashMap<>();
    int allCalls;

    synchronized void move(int file, long offset) {
      FileKey key = new FileKey(2049, file);
      current.put(key, new FileCheckpoint(key, FINGERPRINT, offset, "/tmp/ray/session_x/logs/f" + file));
      moved.add(key);
    }

    @Override
    public synchronized void all(java.util.function.Consumer<FileCheckpoint> each) {
      allCalls++;
      new ArrayList<>(current.values()).forEach(each);
    }

    @Override
    public synchronized List<FileCheckpoint> changed() {
      List<FileCheckpoint> result = new ArrayList<>();
      for (FileKey key : moved) {
        FileCheckpoint checkpoint = current.get(key);
        result.add(new FileCheckpoint(key, checkpoint.fingerprint(), checkpoint.offset(), ""));
        journaled.put(key, checkpoint.offset());
      }
      moved.clear();
      return result;
    }
  }

  /** Counted on the timer's thread, read on the test's. */
  static final class Recorded implements CheckpointEvents {
    volatile int synced;
    volatile int snapshots;
    volatile int unchanged;
    volatile int failed;

    @Override
    public void journalSynced(long nanos) {
      synced++;
    }

    @Override
    public void snapshotWritten(long bytes, long nanos) {
      snapshots++;
    }

    @Override
    public void unchanged() {
      unchanged++;
    }

    @Override
    public void behind() {}

    @Override
    public void failed() {
      failed++;
    }
  }
}
