package io.raylog.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.record.FileProgress;
import io.raylog.record.LogRecord;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AcknowledgementsTest {
  @Test
  void theCommittedOffsetIsTheLowestAcrossSinksAndMemoryIsFreedByTheLastSink() {
    AtomicInteger resumed = new AtomicInteger();
    MemoryBudget budget = new MemoryBudget(1, resumed::incrementAndGet);
    Acknowledgements acks = new Acknowledgements(2, budget);
    FileProgress progress = new FileProgress(2, 10);
    LogRecord a = TestRecords.record(progress, 10, "aaaa"); // ends at 15
    LogRecord b = TestRecords.record(progress, 15, "bb"); // ends at 18
    RecordChunk chunk = new RecordChunk(2);
    chunk.add(a);
    chunk.add(b);
    acks.published(chunk);
    assertThat(budget.usedBytes()).isEqualTo(a.cost + b.cost);
    assertThat(budget.hasRoom()).isFalse();
    assertThat(progress.committedOffset()).isEqualTo(10);

    acks.completed(0, TestRecords.batchOf(0, a, b));
    assertThat(progress.committedOffset()).as("sink 1 has not delivered yet").isEqualTo(10);
    assertThat(budget.usedBytes()).isEqualTo(a.cost + b.cost);

    acks.completed(1, TestRecords.batchOf(0, a));
    assertThat(progress.committedOffset()).isEqualTo(15);
    acks.completed(1, TestRecords.batchOf(1, b));
    assertThat(progress.committedOffset()).isEqualTo(18);
    assertThat(budget.usedBytes()).isZero();
    assertThat(resumed).as("readers are woken once the budget has room").hasValue(1);
  }

  @Test
  void recordsOfSeveralFilesInOneBatchAdvanceEachFile() {
    Acknowledgements acks = new Acknowledgements(1, new MemoryBudget(1 << 20, () -> {}));
    FileProgress one = new FileProgress(1, 0);
    FileProgress two = new FileProgress(1, 0);
    LogRecord a = TestRecords.record(one, 0, "a");
    LogRecord b = TestRecords.record(two, 0, "bbb");
    LogRecord c = TestRecords.record(one, 2, "c");
    RecordChunk chunk = new RecordChunk(3);
    chunk.add(a);
    chunk.add(b);
    chunk.add(c);
    acks.published(chunk);
    acks.completed(0, TestRecords.batchOf(0, a, b, c));
    assertThat(one.committedOffset()).isEqualTo(4);
    assertThat(two.committedOffset()).isEqualTo(4);
  }
}
