package io.raylog.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
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
}
