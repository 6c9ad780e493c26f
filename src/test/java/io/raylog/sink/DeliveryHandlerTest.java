package io.raylog.sink;

import static io.raylog.pipeline.TestRecords.endOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.raylog.pipeline.Acknowledgements;
import io.raylog.pipeline.Batch;
import io.raylog.pipeline.MemoryBudget;
import io.raylog.pipeline.TestRecords;
import io.raylog.record.FileProgress;
import io.raylog.config.SinkConfig;
import io.raylog.route.RateLimit;
import io.raylog.route.RecordFilter;
import io.raylog.route.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryHandlerTest {
  static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  final MemoryBudget budget = new MemoryBudget(1 << 30, () -> {});
  final Acknowledgements acknowledgements = new Acknowledgements(1, budget);
  final FileProgress progress = new FileProgress(1, 0);
  final ScriptedTransport transport = new ScriptedTransport();
  final RecordingEvents events = new RecordingEvents();
  long nextOffset;
  long nextSequence;

  EmbeddedChannel channel(int maxInFlight, RecordFilter filter, DeadLetters deadLetters) {
    EmbeddedChannel channel = new EmbeddedChannel();
    channel.freezeTime();
    // The largest jitter every time, so the tests know the delay: 100 ms doubling, capped at 1 s.
    channel.pipeline().addLast(new DeliveryHandler("net", 0, filter, transport, deadLetters, acknowledgements,
        maxInFlight, new RetryBackoff(100 * MS, 1000 * MS), events, bound -> bound - 1));
    return channel;
  }

  Batch batch(String... messages) {
    Batch batch = TestRecords.published(acknowledgements, progress, nextOffset, nextSequence++, messages);
    nextOffset = endOf(batch);
    return batch;
  }

  @Test
  void acknowledgesInBatchOrderWhateverOrderTheSendsCompleteIn() {
    EmbeddedChannel channel = channel(2, RecordFilter.ALL, DeadLetters.NONE);
    Batch first = batch("a", "b");
    Batch second = batch("c");
    Batch third = batch("d");
    channel.writeInbound(first, second, third);
    assertThat(transport.sends).as("at most two batches in flight").hasSize(2);

    transport.sends.get(1).done().complete(SendOutcome.delivered(10));
    channel.runPendingTasks();
    assertThat(progress.committedOffset()).as("the second batch waits for the first").isZero();
    assertThat(transport.sends).as("its slot went to the third batch").hasSize(3);
    assertThat(transport.sends.get(2).messages()).containsExactly("d");

    transport.sends.get(0).done().complete(SendOutcome.delivered(10));
    channel.runPendingTasks();
    assertThat(progress.committedOffset()).isEqualTo(endOf(second));
    transport.sends.get(2).done().complete(SendOutcome.delivered(5));
    channel.runPendingTasks();
    assertThat(progress.committedOffset()).isEqualTo(endOf(third));
    assertThat(budget.usedBytes()).as("every record's memory is released").isZero();
    assertThat(events.delivered).isEqualTo(4);
    channel.finishAndReleaseAll();
    assertThat(transport.closed).isTrue();
  }

  @Test
  void aRetriableFailureSendsTheSameRecordsAgainAfterTheBackoffAndHoldsBackNewBatches() {
    EmbeddedChannel channel = channel(4, RecordFilter.ALL, DeadLetters.NONE);
    Batch first = batch("a", "b");
    channel.writeInbound(first);
    transport.sends.get(0).done().complete(SendOutcome.retry("http_503", "unavailable"));
    channel.runPendingTasks();
    channel.writeInbound(batch("c"));
    assertThat(transport.sends).as("nothing new starts while a retry waits").hasSize(1);
    assertThat(events.retries).containsExactly("http_503");

    channel.advanceTimeBy(100 * MS - 2, TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks();
    assertThat(transport.sends).as("not before the backoff").hasSize(1);
    channel.advanceTimeBy(1, TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks();
    assertThat(transport.sends).hasSize(3);
    assertThat(transport.sends.get(1).messages()).containsExactly("a", "b");
    assertThat(transport.sends.get(1).records().attempt()).isEqualTo(1);
    assertThat(transport.sends.get(1).records().batchSequence()).isEqualTo(first.sequence());
    assertThat(transport.sends.get(2).messages()).containsExactly("c");
    assertThat(progress.committedOffset()).isZero();

    transport.sends.get(2).done().complete(SendOutcome.delivered(1));
    transport.sends.get(1).done().complete(SendOutcome.delivered(2));
    channel.runPendingTasks();
    assertThat(progress.committedOffset()).isEqualTo(nextOffset);
    assertThat(budget.usedBytes()).isZero();
    channel.finishAndReleaseAll();
  }

  @Test
  void theBackoffDoublesUpToTheCapAndHonoursRetryAfter() {
    EmbeddedChannel channel = channel(1, RecordFilter.ALL, DeadLetters.NONE);
    channel.writeInbound(batch("a"));
    long[] expected = {100 * MS - 1, 200 * MS - 1, 400 * MS - 1, 800 * MS - 1, 1000 * MS - 1, 1000 * MS - 1};
    for (int attempt = 0; attempt < expected.length; attempt++) {
      transport.sends.get(attempt).done().complete(SendOutcome.retry("timeout", "no answer"));
      channel.runPendingTasks();
      assertThat(events.lastRetryInNanos).isEqualTo(expected[attempt]);
      channel.advanceTimeBy(expected[attempt], TimeUnit.NANOSECONDS);
      channel.runScheduledPendingTasks();
      assertThat(transport.sends).hasSize(attempt + 2);
    }
    transport.sends.get(expected.length).done().complete(new SendOutcome.Retry("http_429", "slow down", 5000 * MS));
    channel.runPendingTasks();
    assertThat(events.lastRetryInNanos).as("Retry-After, capped").isEqualTo(1000 * MS);
    channel.finishAndReleaseAll();
  }

  @Test
  void perRecordOutcomesRetryOnlyTheRetriableRecordsAndDeadLetterTheRejected(@TempDir Path dir) throws Exception {
    Path deadLetterPath = dir.resolve("dead.ndjson");
    EmbeddedChannel channel = channel(1, RecordFilter.ALL, new DeadLetterFile("net", deadLetterPath, 0, 1));
    channel.writeInbound(batch("ok-1", "bad", "busy-1", "ok-2", "busy-2"));
    transport.sends.get(0).done().complete(new SendOutcome.PerRecord(100,
        List.of(new SendOutcome.Rejection(1, "mapper_parsing_exception", "field [x] of type long")),
        new int[] {4, 2}, "es_429", "es_rejected_execution_exception"));
    channel.runPendingTasks();
    assertThat(events.rejected).containsExactly(Map.entry("mapper_parsing_exception", 1));
    assertThat(events.deadLettered).isEqualTo(1);
    assertThat(Files.readString(deadLetterPath))
        .startsWith("{\"sink\":\"net\",\"reason\":\"mapper_parsing_exception\",\"detail\":\"field [x] of type long\","
            + "\"record\":{\"time\":")
        .contains("\"message\":\"bad\"")
        .endsWith("}}\n");
    assertThat(progress.committedOffset()).isZero();

    channel.advanceTimeBy(100 * MS, TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks();
    assertThat(transport.sends.get(1).messages()).as("only the retriable records, in order").containsExactly("busy-1", "busy-2");
    transport.sends.get(1).done().complete(SendOutcome.delivered(40));
    channel.runPendingTasks();
    assertThat(progress.committedOffset()).isEqualTo(nextOffset);
    assertThat(events.delivered).as("the rejected record is not counted as delivered").isEqualTo(4);
    assertThat(budget.usedBytes()).isZero();
    channel.finishAndReleaseAll();
  }

  @Test
  void aRejectedBatchIsCountedAndAcknowledged() {
    EmbeddedChannel channel = channel(1, RecordFilter.ALL, DeadLetters.NONE);
    channel.writeInbound(batch("a", "b", "c"));
    transport.sends.get(0).done().complete(new SendOutcome.Rejected("http_400", "bad request"));
    channel.runPendingTasks();
    assertThat(events.rejected).containsExactly(Map.entry("http_400", 3));
    assertThat(progress.committedOffset()).isEqualTo(nextOffset);
    channel.finishAndReleaseAll();
  }

  @Test
  void recordsTheFilterDoesNotRouteAreAcknowledgedInOrderWithoutBeingSent() {
    EmbeddedChannel channel = channel(4, record -> record.message().startsWith("ERROR"), DeadLetters.NONE);
    Batch first = batch("ERROR one", "info");
    Batch second = batch("info", "debug");
    channel.writeInbound(first, second);
    assertThat(transport.sends).hasSize(1);
    assertThat(transport.sends.get(0).messages()).containsExactly("ERROR one");
    assertThat(progress.committedOffset()).as("the unrouted batch waits for the batch before it").isZero();

    transport.sends.get(0).done().complete(SendOutcome.delivered(9));
    channel.runPendingTasks();
    assertThat(progress.committedOffset()).isEqualTo(endOf(second));
    assertThat(budget.usedBytes()).isZero();
    channel.finishAndReleaseAll();
  }

  @Test
  void recordsDroppedOverTheBudgetAreCountedByReasonAndAcknowledgedLikeUnroutedOnes() {
    EmbeddedChannel channel = new EmbeddedChannel();
    channel.freezeTime();
    SinkConfig.Budget keepOneInTwoThenTwoASecond = new SinkConfig.Budget(
        Optional.of(new Sample(RecordFilter.ALL, 2)),
        Optional.of(new RateLimit("component", RateLimit.Unit.LINES, 2, 2, 10)));
    channel.pipeline().addLast(new DeliveryHandler("net", 0, RecordFilter.ALL, keepOneInTwoThenTwoASecond,
        transport, DeadLetters.NONE, acknowledgements, 4, new RetryBackoff(100 * MS, 1000 * MS), events));
    Batch first = batch("1", "2", "3", "4", "5", "6", "7", "8");
    channel.writeInbound(first);
    assertThat(transport.sends.get(0).messages()).as("1 in 2 sampled, then a burst of 2").containsExactly("1", "3");
    assertThat(events.dropped).containsExactly(Map.entry("rate_limit", 2), Map.entry("sampled", 4));

    Batch dropped = batch("9", "10");
    channel.writeInbound(dropped);
    assertThat(transport.sends).as("nothing left of it to send").hasSize(1);
    transport.sends.get(0).done().complete(SendOutcome.delivered(2));
    channel.runPendingTasks();
    assertThat(progress.committedOffset()).as("the dropped records move the checkpoint on").isEqualTo(endOf(dropped));
    assertThat(budget.usedBytes()).isZero();

    channel.advanceTimeBy(1, TimeUnit.SECONDS);
    channel.writeInbound(batch("11", "12", "13", "14", "15", "16"));
    assertThat(transport.sends.get(1).messages()).as("two tokens a second later").containsExactly("11", "13");
    channel.finishAndReleaseAll();
  }

  @Test
  void aTransportThatThrowsOrAnswersTwiceLosesNothing() {
    EmbeddedChannel channel = channel(1, RecordFilter.ALL, DeadLetters.NONE);
    transport.throwOnNextSend = new IllegalStateException("connection pool closed");
    channel.writeInbound(batch("a"));
    channel.runPendingTasks();
    assertThat(events.retries).containsExactly("send_failed");
    channel.advanceTimeBy(100 * MS, TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks();
    ScriptedTransport.Send send = transport.sends.get(0);
    send.done().complete(SendOutcome.delivered(1));
    send.done().complete(SendOutcome.retry("late", "a second answer is ignored"));
    channel.runPendingTasks();
    assertThat(events.retries).containsExactly("send_failed");
    assertThat(progress.committedOffset()).isEqualTo(nextOffset);
    channel.finishAndReleaseAll();
  }

  @Test
  void aBadPerRecordOutcomeSendsEverythingAgain() {
    EmbeddedChannel channel = channel(1, RecordFilter.ALL, DeadLetters.NONE);
    channel.writeInbound(batch("a", "b"));
    transport.sends.get(0).done().complete(new SendOutcome.PerRecord(1, List.of(), new int[] {7}, "x", "y"));
    channel.runPendingTasks();
    assertThat(events.retries).containsExactly("bad_outcome");
    channel.advanceTimeBy(100 * MS, TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks();
    assertThat(transport.sends.get(1).messages()).containsExactly("a", "b");
    channel.finishAndReleaseAll();
  }

  static final class RecordingEvents implements SinkEvents {
    int delivered;
    int deadLettered;
    long lastRetryInNanos;
    final List<String> retries = new ArrayList<>();
    final Map<String, Integer> rejected = new TreeMap<>();
    final Map<String, Integer> dropped = new TreeMap<>();

    @Override
    public void dropped(String reason, int records) {
      dropped.merge(reason, records, Integer::sum);
    }

    @Override
    public void delivered(int records, long bytes, long latencyNanos) {
      delivered += records;
    }

    @Override
    public void failed(Throwable error, long retryInNanos) {}

    @Override
    public void retrying(String reason, String detail, long retryInNanos) {
      retries.add(reason);
      lastRetryInNanos = retryInNanos;
    }

    @Override
    public void rejected(String reason, int records) {
      rejected.merge(reason, records, Integer::sum);
    }

    @Override
    public void deadLettered(int written, int failed) {
      deadLettered += written;
    }
  }
}
