package io.raylog.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.raylog.pipeline.Batch;
import io.raylog.pipeline.TestRecords;
import io.raylog.record.FileProgress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The local sinks' transport: NDJSON written whole, and a write that fails part-way never writes a line twice. */
class ByteSinkTransportTest {
  private final ByteArrayOutputStream written = new ByteArrayOutputStream();
  private final List<SendOutcome> outcomes = new ArrayList<>();
  /** Bytes the next write accepts before it fails; negative: no failure. */
  private int failAfterBytes = -1;
  private int commits;

  private final ByteSink sink = new ByteSink() {
    @Override
    public void write(ByteBuffer content) throws IOException {
      while (content.hasRemaining()) {
        if (failAfterBytes == 0) {
          failAfterBytes = -1;
          throw new IOException("disk full");
        }
        written.write(content.get());
        if (failAfterBytes > 0) {
          failAfterBytes--;
        }
      }
    }

    @Override
    public void commit() {
      commits++;
    }

    @Override
    public void close() {}
  };

  private final ByteSinkTransport transport = new ByteSinkTransport(sink, UnpooledByteBufAllocator.DEFAULT);

  private static Outbound outbound(Batch batch, int attempt) {
    int[] all = new int[batch.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return new Outbound(batch, all, attempt);
  }

  private List<String> lines() {
    return List.of(written.toString(StandardCharsets.UTF_8).split("\n"));
  }

  @Test
  void writesEachRecordAsOneNdjsonLineAndCommitsBeforeReportingDelivered() {
    FileProgress progress = new FileProgress(1, 0);
    Batch batch = TestRecords.batchOf(0, TestRecords.record(progress, 0, "one"), TestRecords.record(progress, 4, "two"));
    transport.send(outbound(batch, 0), outcomes::add);
    assertThat(lines()).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"));
    assertThat(lines().get(1)).contains("\"message\":\"two\"");
    assertThat(commits).isEqualTo(1);
    assertThat(outcomes).singleElement().isEqualTo(SendOutcome.delivered(written.size()));
  }

  @Test
  void aRetryAfterAPartialWriteWritesOnlyWhatIsMissing() {
    FileProgress progress = new FileProgress(1, 0);
    Batch batch = TestRecords.batchOf(7, TestRecords.record(progress, 0, "first line"),
        TestRecords.record(progress, 11, "second line"));
    failAfterBytes = 30;
    transport.send(outbound(batch, 0), outcomes::add);
    assertThat(outcomes).singleElement().isInstanceOf(SendOutcome.Retry.class);
    assertThat(written.size()).isEqualTo(30);
    assertThat(commits).isZero();

    transport.send(outbound(batch, 1), outcomes::add); // the delivery stage sends the same batch again
    assertThat(outcomes.get(1)).isInstanceOf(SendOutcome.Delivered.class);
    assertThat(lines()).hasSize(2);
    assertThat(lines().get(0)).contains("\"message\":\"first line\"");
    assertThat(lines().get(1)).contains("\"message\":\"second line\"");
  }
}
