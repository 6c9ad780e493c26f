package io.raylog.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.raylog.pipeline.Acknowledgements;
import io.raylog.pipeline.Batch;
import io.raylog.pipeline.MemoryBudget;
import io.raylog.pipeline.TestRecords;
import io.raylog.record.FileProgress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A bug in a sink's handler must neither lose a batch silently nor leak its memory until reading stops: the guard
 * releases the batch's memory, holds the file's checkpoint before the lost records and marks the sink broken.
 */
class SinkGuardTest {
  private final MemoryBudget budget = new MemoryBudget(1 << 20, () -> {});
  private final Acknowledgements acknowledgements = new Acknowledgements(1, budget);
  private final FileProgress progress = new FileProgress(1, 0);
  private final List<Throwable> handlerFailures = new ArrayList<>();
  private final SinkEvents events = new SinkEvents() {
    @Override
    public void delivered(int records, long bytes, long latencyNanos) {}

    @Override
    public void failed(Throwable error, long retryInNanos) {}

    @Override
    public void handlerFailed(Throwable error) {
      handlerFailures.add(error);
    }
  };
  private final SinkGuard guard = new SinkGuard("s", 0, acknowledgements, events);
  private long offset;

  /** Records of the file as the tail thread publishes them: counted against the memory limit. */
  private Batch published(long sequence, String... messages) {
    Batch batch = TestRecords.published(acknowledgements, progress, offset, sequence, messages);
    offset = TestRecords.endOf(batch);
    return batch;
  }

  /** A sink stage whose first batch meets a bug; it delivers the others. */
  private EmbeddedChannel sinkFailingOnItsFirstBatch() {
    EmbeddedChannel channel = new EmbeddedChannel();
    guard.around(channel.pipeline(), pipeline -> pipeline.addLast(new ChannelInboundHandlerAdapter() {
      private boolean first = true;

      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (first) {
          first = false;
          throw new IllegalStateException("a bug");
        }
        acknowledgements.completed(0, (Batch) msg);
      }
    }));
    return channel;
  }

  @Test
  void aBatchLostToAHandlerBugReleasesItsMemoryAndHoldsTheFilesCheckpoint() {
    EmbeddedChannel channel = sinkFailingOnItsFirstBatch();
    channel.writeInbound(published(0, "lost one", "lost two"));

    assertThat(budget.usedBytes()).as("the lost batch's memory is released: reading goes on").isZero();
    assertThat(handlerFailures).singleElement().satisfies(e -> assertThat(e).hasMessage("a bug"));
    assertThat(progress.committedOffset()).isZero();

    channel.writeInbound(published(1, "delivered after"));
    assertThat(budget.usedBytes()).isZero();
    assertThat(progress.committedOffset())
        .as("a later delivery must not move the checkpoint past the lost records: a restart sends them again")
        .isZero();
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void aBatchNoHandlerTakesIsAbandonedTheSameWay() {
    EmbeddedChannel channel = new EmbeddedChannel();
    guard.around(channel.pipeline(), pipeline -> {});
    channel.writeInbound(published(0, "nobody takes me"));
    assertThat(budget.usedBytes()).isZero();
    assertThat(handlerFailures).singleElement()
        .satisfies(e -> assertThat(e).hasMessageContaining("no handler of the sink took the batch"));
    assertThat(progress.committedOffset()).isZero();
  }

  @Test
  void aBatchCompletedAfterItWasAbandonedIsNotReleasedTwice() {
    EmbeddedChannel channel = new EmbeddedChannel();
    List<Batch> held = new ArrayList<>();
    guard.around(channel.pipeline(), pipeline -> pipeline.addLast(new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        held.add((Batch) msg); // keeps it, as a sink with sends in flight does, then fails
        throw new IllegalStateException("a bug after taking the batch");
      }
    }));
    Batch batch = published(0, "a", "b");
    channel.writeInbound(batch);
    long usedAfterAbandon = budget.usedBytes();
    Batch other = published(1, "c");
    long usedByOther = budget.usedBytes() - usedAfterAbandon;

    acknowledgements.completed(0, held.get(0)); // the sink completes it after all
    assertThat(budget.usedBytes()).as("released once, when abandoned").isEqualTo(usedAfterAbandon + usedByOther);
    assertThat(other.size()).isEqualTo(1);
  }
}
