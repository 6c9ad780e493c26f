package io.raylog.sink.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import io.netty.channel.embedded.EmbeddedChannel;
import io.raylog.pipeline.Acknowledgements;
import io.raylog.pipeline.Batch;
import io.raylog.pipeline.MemoryBudget;
import io.raylog.pipeline.RecordChunk;
import io.raylog.pipeline.TestRecords;
import io.raylog.record.FileProgress;
import io.raylog.record.LogRecord;
import io.raylog.route.RecordFilter;
import io.raylog.sink.DeadLetters;
import io.raylog.sink.DeliveryHandler;
import io.raylog.sink.Outbound;
import io.raylog.sink.RetryBackoff;
import io.raylog.sink.SendOutcome;
import io.raylog.sink.SinkEvents;
import io.raylog.sink.Transport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The open objects as a pure class: rolling decisions with time as a parameter, gzip members, zstd frames, keys. */
class OpenObjectsTest {
  static final long SECOND = 1_000_000_000L;
  final FileProgress progress = new FileProgress(1, 0);
  final List<Outbound> outbounds = new ArrayList<>();
  final List<SendOutcome> outcomes = new ArrayList<>();
  long offset;

  /** Real Outbounds, as the delivery stage makes them: captured from a DeliveryHandler on an embedded channel. */
  Outbound outbound(String... messages) {
    LogRecord[] records = new LogRecord[messages.length];
    RecordChunk chunk = new RecordChunk(messages.length);
    for (int i = 0; i < messages.length; i++) {
      records[i] = TestRecords.record(progress, offset, messages[i]);
      offset = records[i].endOffset;
      chunk.add(records[i]);
    }
    Acknowledgements acknowledgements = new Acknowledgements(1, new MemoryBudget(1 << 30, () -> {}));
    acknowledgements.published(chunk);
    Transport capture = (records1, done) -> outbounds.add(records1);
    EmbeddedChannel channel = new EmbeddedChannel(new DeliveryHandler("t", 0, RecordFilter.ALL, capture,
        DeadLetters.NONE, acknowledgements, 1, new RetryBackoff(1, 1), SinkEvents.NONE));
    Batch batch = TestRecords.batchOf(0, records);
    channel.writeInbound(batch);
    return outbounds.get(outbounds.size() - 1);
  }

  ObjectSend send(Outbound outbound) {
    return new ObjectSend(outbound, outcomes::add);
  }

  static String gunzip(byte[] content) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(content))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Reads every frame of a zstd object, as zstd -d does. */
  static String unzstd(byte[] content) throws IOException {
    try (ZstdInputStream in = new ZstdInputStream(new ByteArrayInputStream(content))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static List<String> messages(String ndjson) {
    List<String> messages = new ArrayList<>();
    for (String line : ndjson.split("\n")) {
      int from = line.indexOf("\"message\":\"") + 11;
      messages.add(line.substring(from, line.indexOf('"', from)));
    }
    return messages;
  }

  /** Lines as a training run prints them: alike, so that they compress as logs do. */
  static String[] trainingLog(int lines) {
    String[] messages = new String[lines];
    for (int i = 0; i < messages.length; i++) {
      messages[i] = "worker " + (i % 7) + " step " + i + ": loss " + (i * 7919 % 1000) + " lr 0.001 batch " + (i % 64);
    }
    return messages;
  }

  /** Objects that only roll on demand (a send with sealTouched). */
  static OpenObjects unbounded(ObjectCompression compression, int level) {
    return new OpenObjects(ObjectLayout.of("", "{session}/{file}"), 1L << 30, 60 * SECOND, compression, level);
  }

  OpenObjects objects(long maxObjectBytes) {
    return new OpenObjects(ObjectLayout.of("", "{session}/{file}"), maxObjectBytes, 60 * SECOND,
        ObjectCompression.GZIP, 1);
  }

  @Test
  void zstdObjectsHoldOneFramePerBatchThatReadBackAsOneStreamUnderZstNames() throws IOException {
    try (OpenObjects objects = new OpenObjects(ObjectLayout.of("", "{session}/{file}"), 1 << 20, 60 * SECOND,
        ObjectCompression.ZSTD, 1)) {
      assertThat(objects.add(send(outbound("a", "b")), 0, false)).isEmpty();
      assertThat(objects.add(send(outbound("c")), 1, false)).isEmpty();
      List<OpenObjects.Sealed> due = objects.due(60 * SECOND);
      assertThat(due).hasSize(1);
      assertThat(due.get(0).key()).endsWith(".ndjson.zst");
      byte[] content = due.get(0).content();
      assertThat(content).as("a zstd frame's magic number").startsWith(0x28, 0xb5, 0x2f, 0xfd);
      int firstFrame = (int) Zstd.findFrameCompressedSize(content);
      assertThat(firstFrame).as("a second frame follows the first").isLessThan(content.length);
      assertThat(Zstd.findFrameCompressedSize(content, firstFrame)).as("and ends the object")
          .isEqualTo(content.length - firstFrame);
      assertThat(messages(unzstd(content))).as("two frames read as one stream").containsExactly("a", "b", "c");
    }
  }

  @Test
  void aZstdMemberLargerThanTheOutputBufferIsOneFrameCarryingItsSize() throws IOException {
    java.util.Random random = new java.util.Random(7); // incompressible: the frame is several output buffers long
    String[] noise = new String[10_000];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()) + "-" + i;
    }
    try (OpenObjects objects = unbounded(ObjectCompression.ZSTD, 1)) {
      byte[] first = objects.add(send(outbound(noise)), 0, true).get(0).content();
      byte[] second = objects.add(send(outbound("after")), 1, true).get(0).content();
      assertThat(first.length).isGreaterThan(2 * 64 * 1024);
      String ndjson = unzstd(first);
      assertThat(messages(ndjson)).containsExactly(noise);
      assertThat(Zstd.getFrameContentSize(first))
          .isEqualTo(ndjson.getBytes(StandardCharsets.UTF_8).length);
      assertThat(messages(unzstd(second))).as("the context is ready for the next frame").containsExactly("after");
    }
  }

  @Test
  void zstdAtLevelOneIsSmallerThanGzipAtLevelOneAndReadsBackTheSameRecords() throws IOException {
    String[] messages = trainingLog(2000);
    Outbound records = outbound(messages);
    byte[] gzip;
    byte[] zstd;
    try (OpenObjects gzipObjects = unbounded(ObjectCompression.GZIP, 1);
        OpenObjects zstdObjects = unbounded(ObjectCompression.ZSTD, 1)) {
      gzip = gzipObjects.add(send(records), 0, true).get(0).content();
      zstd = zstdObjects.add(send(records), 0, true).get(0).content();
    }
    assertThat(unzstd(zstd)).isEqualTo(gunzip(gzip));
    assertThat(messages(unzstd(zstd))).containsExactly(messages);
    assertThat(zstd.length).isLessThan(gzip.length);
  }

  @Test
  void theCompressionLevelTradesSizeAndBothLevelsReadBackTheSameRecords() throws IOException {
    String[] messages = trainingLog(2000);
    Outbound records = outbound(messages);
    byte[][] contents = new byte[2][];
    int[] levels = {1, 9};
    for (int i = 0; i < levels.length; i++) {
      try (OpenObjects objects = unbounded(ObjectCompression.GZIP, levels[i])) {
        List<OpenObjects.Sealed> sealed = objects.add(send(records), 0, true);
        assertThat(sealed).hasSize(1);
        contents[i] = sealed.get(0).content();
      }
    }
    assertThat(gunzip(contents[1])).isEqualTo(gunzip(contents[0]));
    assertThat(messages(gunzip(contents[0]))).containsExactly(messages);
    assertThat(contents[1].length).as("level 9 is smaller than level 1").isLessThan(contents[0].length);
  }

  @Test
  void anObjectGoesUpWhenItsRollTimeComesAndHoldsEveryMemberInOrder() throws IOException {
    try (OpenObjects objects = objects(1 << 20)) {
      assertThat(objects.add(send(outbound("a", "b")), 0, false)).isEmpty();
      assertThat(objects.add(send(outbound("c")), 30 * SECOND, false)).isEmpty();
      assertThat(objects.nextDueNanos()).isEqualTo(60 * SECOND);
      assertThat(objects.due(60 * SECOND - 1)).isEmpty();
      List<OpenObjects.Sealed> due = objects.due(60 * SECOND);
      assertThat(due).hasSize(1);
      assertThat(due.get(0).records()).isEqualTo(3);
      assertThat(due.get(0).members()).hasSize(2);
      assertThat(messages(gunzip(due.get(0).content()))).as("two gzip members read as one stream")
          .containsExactly("a", "b", "c");
      assertThat(objects.openObjects()).isZero();
    }
  }

  @Test
  void anObjectGoesUpOnceItsCompressedSizeReachesTheLimit() {
    try (OpenObjects objects = objects(2000)) {
      assertThat(objects.add(send(outbound("x")), 0, false)).isEmpty();
      java.util.Random random = new java.util.Random(42); // incompressible text, so the size is predictable
      String[] noise = new String[150];
      for (int i = 0; i < noise.length; i++) {
        noise[i] = Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
      }
      List<OpenObjects.Sealed> full = objects.add(send(outbound(noise)), 1, false);
      assertThat(full).hasSize(1);
      assertThat(full.get(0).content().length).isGreaterThanOrEqualTo(2000);
      assertThat(full.get(0).records()).isEqualTo(151);
    }
  }

  @Test
  void aRetryUploadsTheNewerOpenObjectAsItIsAndItsOwnRecordsAsAnObjectKeyedBeforeIt() throws IOException {
    try (OpenObjects objects = objects(1 << 20)) {
      Outbound failed = outbound("old-1", "old-2");
      Outbound newer = outbound("new-1");
      objects.add(send(newer), 0, false);
      List<OpenObjects.Sealed> sealed = objects.add(send(failed), 1, true);
      assertThat(sealed).hasSize(2);
      assertThat(messages(gunzip(sealed.get(0).content()))).containsExactly("new-1");
      assertThat(messages(gunzip(sealed.get(1).content()))).containsExactly("old-1", "old-2");
      assertThat(sealed.get(1).key()).as("keys sort in record order").isLessThan(sealed.get(0).key());
    }
  }

  @Test
  void aSendIsAnsweredAfterItsLastObjectAndOnlyTheRecordsOfFailedObjectsGoAgain() {
    ObjectSend send = send(outbound("a", "b", "c"));
    send.addObject();
    send.addObject();
    send.objectDone(new int[] {0, 2}, 10, null, null);
    assertThat(outcomes).isEmpty();
    send.objectDone(new int[] {1}, 0, "http_503", "SlowDown");
    assertThat(outcomes).hasSize(1);
    SendOutcome.PerRecord outcome = (SendOutcome.PerRecord) outcomes.get(0);
    assertThat(outcome.retry()).containsExactly(1);
    assertThat(outcome.rejected()).isEmpty();
    assertThat(outcome.retryReason()).isEqualTo("http_503");
  }
}
