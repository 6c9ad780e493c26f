package io.raylog.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.parse.RayFileNames;
import io.raylog.record.FileProgress;
import io.raylog.record.LogRecord;
import io.raylog.record.SourceFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Sampling and per-key token buckets, on a clock the test moves. */
class SinkBudgetTest {
  static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  /** A record of a worker of job {@code job} (null: a file without a job), with a message of {@code bytes} bytes. */
  static LogRecord record(String job, int bytes) {
    String file = job == null ? "raylet.out" : "worker-12b4d8641c7f0da733ccadc0a4765fc7f69dfb3ccfab07b3b7478a7d-" + job
        + "-18912.out";
    SourceFile source = new SourceFile("session_2026-11-25_10-00-00_123456_1", file, RayFileNames.classify(file),
        "/tmp/ray/session_2026-11-25_10-00-00_123456_1/logs/" + file, null, false);
    return LogRecord.of(source, new FileProgress(1, 0), 0, bytes, 0, LogRecord.UNKNOWN_TIME, "x".repeat(bytes), false);
  }

  static SinkBudget limit(RateLimit.Unit unit, long perSecond, long burst, int maxKeys) {
    return SinkBudget.of(Optional.empty(), Optional.of(new RateLimit("job_id", unit, perSecond, burst, maxKeys)), 0);
  }

  static List<SinkBudget.Verdict> decide(SinkBudget budget, LogRecord record, int times, long now) {
    List<SinkBudget.Verdict> verdicts = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      verdicts.add(budget.decide(record, now));
    }
    return verdicts;
  }

  @Test
  void eachKeyHasItsOwnBucketOfABurstRefilledAtTheRate() {
    SinkBudget budget = limit(RateLimit.Unit.LINES, 10, 20, 100);
    LogRecord noisy = record("01000000", 10);
    LogRecord quiet = record("02000000", 10);
    assertThat(decide(budget, noisy, 25, 0)).filteredOn(v -> v == SinkBudget.Verdict.KEEP).hasSize(20);
    assertThat(budget.decide(quiet, 0)).as("another job is not held back").isEqualTo(SinkBudget.Verdict.KEEP);
    assertThat(decide(budget, noisy, 6, SECOND / 2)).as("half a second: 5 tokens")
        .containsExactly(SinkBudget.Verdict.KEEP, SinkBudget.Verdict.KEEP, SinkBudget.Verdict.KEEP,
            SinkBudget.Verdict.KEEP, SinkBudget.Verdict.KEEP, SinkBudget.Verdict.RATE_LIMITED);
    assertThat(decide(budget, noisy, 30, 100 * SECOND)).as("refilled to the burst, no more")
        .filteredOn(v -> v == SinkBudget.Verdict.KEEP).hasSize(20);
    assertThat(budget.takeDropsByKey(5)).containsExactly(new KeyDrops("01000000", 16));
    assertThat(budget.takeDropsByKey(5)).as("counts restart").isEmpty();
  }

  @Test
  void recordsWithoutTheFieldShareTheNoneKey() {
    SinkBudget budget = limit(RateLimit.Unit.LINES, 1, 3, 100);
    assertThat(decide(budget, record(null, 1), 5, 0)).filteredOn(v -> v == SinkBudget.Verdict.KEEP).hasSize(3);
    assertThat(budget.takeDropsByKey(5)).containsExactly(new KeyDrops(TokenBuckets.NONE, 2));
  }

  @Test
  void bytesCountTheMessageAndARecordLargerThanTheBurstPassesAFullBucketOnly() {
    SinkBudget budget = limit(RateLimit.Unit.BYTES, 100, 100, 100);
    LogRecord big = record("01000000", 250);
    assertThat(budget.decide(big, 0)).as("a full bucket").isEqualTo(SinkBudget.Verdict.KEEP);
    assertThat(budget.decide(record("01000000", 1), SECOND)).as("in debt: -150 + 100").isEqualTo(
        SinkBudget.Verdict.RATE_LIMITED);
    assertThat(budget.decide(record("01000000", 50), 2 * SECOND)).isEqualTo(SinkBudget.Verdict.KEEP);
  }

  @Test
  void keysAreBoundedIdleOnesForgottenAndBusyOnesMakeNewKeysShareOneBucket() {
    SinkBudget budget = limit(RateLimit.Unit.LINES, 1, 1, 2);
    assertThat(budget.decide(record("01000000", 1), 0)).isEqualTo(SinkBudget.Verdict.KEEP);
    assertThat(budget.decide(record("02000000", 1), 0)).isEqualTo(SinkBudget.Verdict.KEEP);
    assertThat(budget.decide(record("03000000", 1), 0)).as("both tracked keys busy: the overflow bucket")
        .isEqualTo(SinkBudget.Verdict.KEEP);
    assertThat(budget.decide(record("04000000", 1), 0)).as("which new keys share")
        .isEqualTo(SinkBudget.Verdict.RATE_LIMITED);
    assertThat(budget.takeDropsByKey(5)).containsExactly(new KeyDrops(TokenBuckets.OVERFLOW, 1));
    assertThat(budget.decide(record("04000000", 1), SECOND)).as("a second later the oldest key is idle: replaced")
        .isEqualTo(SinkBudget.Verdict.KEEP);
    assertThat(budget.decide(record("04000000", 1), SECOND)).as("its own bucket now")
        .isEqualTo(SinkBudget.Verdict.RATE_LIMITED);
    assertThat(budget.takeDropsByKey(5)).containsExactly(new KeyDrops("04000000", 1));
  }

  @Test
  void samplingKeepsTheFirstOfEveryNMatchingRecordsAndTakesNoTokenForTheOthers() throws FilterSyntaxException {
    SinkBudget budget = SinkBudget.of(
        Optional.of(new Sample(FilterExpression.parse("job_id == 01000000"), 3)),
        Optional.of(new RateLimit("job_id", RateLimit.Unit.LINES, 1, 2, 10)), 0);
    assertThat(decide(budget, record("01000000", 1), 7, 0)).containsExactly(SinkBudget.Verdict.KEEP,
        SinkBudget.Verdict.SAMPLED_OUT, SinkBudget.Verdict.SAMPLED_OUT, SinkBudget.Verdict.KEEP,
        SinkBudget.Verdict.SAMPLED_OUT, SinkBudget.Verdict.SAMPLED_OUT, SinkBudget.Verdict.RATE_LIMITED);
    assertThat(budget.decide(record("02000000", 1), 0)).as("not matched: not sampled").isEqualTo(
        SinkBudget.Verdict.KEEP);
    assertThat(SinkBudget.of(Optional.empty(), Optional.empty(), 0).limits()).isFalse();
  }
}
