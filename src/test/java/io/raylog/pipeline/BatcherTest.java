package io.raylog.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.record.FileProgress;
import io.raylog.record.LogRecord;
import org.junit.jupiter.api.Test;

class BatcherTest {
  final FileProgress progress = new FileProgress(1, 0);

  @Test
  void cutsByRecordCount() {
    Batcher batcher = new Batcher(3, 1 << 20, 1_000_000);
    assertThat(batcher.add(TestRecords.record(progress, 0, "a"), 0)).isNull();
    assertThat(batcher.add(TestRecords.record(progress, 2, "b"), 0)).isNull();
    Batch batch = batcher.add(TestRecords.record(progress, 4, "c"), 0);
    assertThat(batch).isNotNull();
    assertThat(batch.size()).isEqualTo(3);
    assertThat(batch.get(2).message()).isEqualTo("c");
    assertThat(batcher.isEmpty()).isTrue();
  }

  @Test
  void cutsBeforeARecordThatWouldPassTheByteLimit() {
    LogRecord small = TestRecords.record(progress, 0, "x");
    Batcher batcher = new Batcher(1000, small.cost * 2L + 10, 1_000_000);
    assertThat(batcher.add(small, 0)).isNull();
    assertThat(batcher.add(TestRecords.record(progress, 2, "y"), 0)).isNull();
    Batch full = batcher.add(TestRecords.record(progress, 4, "z"), 0);
    assertThat(full.size()).isEqualTo(2);
    assertThat(batcher.drain().get(0).message()).isEqualTo("z");
  }

  @Test
  void sendsTheOpenBatchWhenItsLingerPasses() {
    Batcher batcher = new Batcher(1000, 1 << 20, 100);
    batcher.add(TestRecords.record(progress, 0, "a"), 1_000);
    assertThat(batcher.deadlineNanos()).isEqualTo(1_100);
    assertThat(batcher.drainIfDue(1_099)).isNull();
    batcher.add(TestRecords.record(progress, 2, "b"), 1_050); // a later record does not extend the deadline
    assertThat(batcher.drainIfDue(1_100).size()).isEqualTo(2);
    assertThat(batcher.deadlineNanos()).isEqualTo(-1);
  }

  @Test
  void numbersBatchesInOrder() {
    Batcher batcher = new Batcher(1, 1 << 20, 0);
    assertThat(batcher.add(TestRecords.record(progress, 0, "a"), 0).sequence()).isZero();
    assertThat(batcher.add(TestRecords.record(progress, 2, "b"), 0).sequence()).isEqualTo(1);
  }
}
