package io.raylog.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.raylog.record.FileProgress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NdjsonEncodeHandlerTest {
  @Test
  void encodesABatchAsOneLinePerRecordInADirectBuffer() {
    EmbeddedChannel channel = new EmbeddedChannel(new NdjsonEncodeHandler());
    FileProgress progress = new FileProgress(1, 0);
    Batch batch = TestRecords.batchOf(7, TestRecords.record(progress, 0, "first"), TestRecords.record(progress, 6, "sec\"ond"));
    channel.writeInbound(batch);
    EncodedBatch encoded = channel.readInbound();
    try {
      assertThat(encoded.batch()).isSameAs(batch);
      assertThat(encoded.content().isDirect()).isTrue();
      String text = encoded.content().toString(StandardCharsets.UTF_8);
      assertThat(text.split("\n")).hasSize(2);
      assertThat(text).endsWith("}\n").contains("\"message\":\"first\"").contains("\"message\":\"sec\\\"ond\"");
    } finally {
      encoded.content().release();
    }
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void encodesOnlyTheRecordsTheFilterTakesAndKeepsTheWholeBatchForAcknowledgement() {
    EmbeddedChannel channel = new EmbeddedChannel(new NdjsonEncodeHandler(record -> record.message().startsWith("E")));
    FileProgress progress = new FileProgress(1, 0);
    Batch batch = TestRecords.batchOf(1, TestRecords.record(progress, 0, "info"), TestRecords.record(progress, 5, "Error"));
    channel.writeInbound(batch);
    EncodedBatch encoded = channel.readInbound();
    try {
      assertThat(encoded.batch()).isSameAs(batch);
      assertThat(encoded.content().toString(StandardCharsets.UTF_8)).contains("\"message\":\"Error\"").doesNotContain("info");
    } finally {
      encoded.content().release();
    }
    channel.writeInbound(TestRecords.batchOf(2, TestRecords.record(progress, 11, "debug")));
    EncodedBatch empty = channel.readInbound();
    assertThat(empty.content().readableBytes()).as("a batch with no routed record is still acknowledged").isZero();
    empty.content().release();
    assertThat(channel.finish()).isFalse();
  }
}
