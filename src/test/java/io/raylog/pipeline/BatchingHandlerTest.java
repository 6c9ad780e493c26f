package io.raylog.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.raylog.record.FileProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BatchingHandlerTest {
  final FileProgress progress = new FileProgress(1, 0);

  RecordChunk chunk(String... messages) {
    RecordChunk chunk = new RecordChunk(messages.length);
    long offset = 0;
    for (String m : messages) {
      chunk.add(TestRecords.record(progress, offset, m));
      offset += m.length() + 1;
    }
    return chunk;
  }

  @Test
  void sendsFullBatchesAtOnceAndTheRestWhenTheLingerTimerFires() {
    EmbeddedChannel channel = new EmbeddedChannel();
    channel.freezeTime();
    channel.pipeline().addLast(new BatchingHandler(new Batcher(2, 1 << 20, TimeUnit.MILLISECONDS.toNanos(100))));

    channel.writeInbound(chunk("a", "b", "c"));
    Batch first = channel.readInbound();
    assertThat(first.size()).isEqualTo(2);
    assertThat((Object) channel.readInbound()).isNull();

    channel.advanceTimeBy(99, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertThat((Object) channel.readInbound()).as("not before the linger time").isNull();

    channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    Batch second = channel.readInbound();
    assertThat(second.size()).isEqualTo(1);
    assertThat(second.get(0).message()).isEqualTo("c");
    channel.finishAndReleaseAll();
  }

  @Test
  void aFlushRequestSendsTheOpenBatchBehindTheRecordsBeforeIt() {
    List<Object> seen = new ArrayList<>();
    EmbeddedChannel channel = new EmbeddedChannel(new BatchingHandler(new Batcher(100, 1 << 20, TimeUnit.SECONDS.toNanos(60))),
        new ChannelInboundHandlerAdapter() {
          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            seen.add(msg);
          }

          @Override
          public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            seen.add(event);
          }
        });
    channel.writeInbound(chunk("a"));
    assertThat(seen).isEmpty();
    channel.writeInbound(FlushRequest.INSTANCE);
    assertThat(seen).hasSize(2);
    assertThat(((Batch) seen.get(0)).size()).isEqualTo(1);
    assertThat(seen.get(1)).as("the stages after batching flush too, behind the batch").isEqualTo(FlushRequest.INSTANCE);
    channel.finishAndReleaseAll();
  }
}
