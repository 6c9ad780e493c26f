package io.raylog.sink.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raylog.record.JsonBytes;
import io.raylog.record.LogRecord;
import io.raylog.record.NdjsonEncoder;
import io.raylog.sink.DeadLetters;
import io.raylog.sink.DeliveryRig;
import io.raylog.sink.RecordingSinkEvents;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The s3 sink's transport behind the real delivery stage, against a real S3-compatible server (one per class). */
class S3TransportTest {
  @AutoClose static final S3Server server = S3Server.forTestClass();
  final String bucket = "raylog-" + UUID.randomUUID().toString().substring(0, 8);
  final AtomicBoolean memoryPressure = new AtomicBoolean();
  final RecordingSinkEvents events = new RecordingSinkEvents();
  final List<LogRecord> sent = new ArrayList<>();

  S3Transport transport(long maxObjectBytes, Duration rollInterval, int maxInFlight) {
    return transport(maxObjectBytes, rollInterval, maxInFlight, Long.MAX_VALUE);
  }

  S3Transport transport(long maxObjectBytes, Duration rollInterval, int maxInFlight, long sealAtBytes) {
    return transport(server.endpoint(), maxObjectBytes, rollInterval, maxInFlight, sealAtBytes);
  }

  S3Transport transport(URI endpoint, long maxObjectBytes, Duration rollInterval, int maxInFlight, long sealAtBytes) {
    server.createBucket(bucket);
    ObjectStore store = new S3ObjectStore(bucket, Optional.of(endpoint), "us-east-1", true,
        S3Server.credentials(), Duration.ofSeconds(10), ObjectCompression.GZIP);
    OpenObjects objects = new OpenObjects(ObjectLayout.of("raylog", ObjectLayout.DEFAULT), maxObjectBytes,
        rollInterval.toNanos(), ObjectCompression.GZIP, 1);
    return new S3Transport("s3", objects, store, maxInFlight, memoryPressure::get, sealAtBytes,
        TimeUnit.MILLISECONDS.toNanos(20), System::nanoTime);
  }

  void send(DeliveryRig rig, String file, String prefix, int count) {
    List<LogRecord> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      records.add(rig.record(file, prefix + "-" + i + " " + "payload ".repeat(i % 7)));
    }
    sent.addAll(records);
    rig.send(records);
  }

  @Test
  void anObjectIsAcknowledgedOnlyOnceUploadedAndDecodesToExactlyItsRecordsInTheHistoryServerLayout()
      throws Exception {
    S3Transport transport = transport(64 << 20, Duration.ofHours(1), 1000);
    try (DeliveryRig rig = new DeliveryRig(transport, 1000, DeadLetters.NONE, events)) {
      send(rig, "raylet.out", "r", 30);
      send(rig, "events/event_GCS.log", "e", 10);
      send(rig, "raylet.out", "r2", 30);
      // Within the roll interval the objects fill in memory: nothing is in the bucket, so nothing is acknowledged.
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
          .until(() -> rig.committedOffset("raylet.out") == 0 && server.keys(bucket).isEmpty());

      transport.flush();
      await().atMost(Duration.ofSeconds(30)).until(rig::allAcknowledged);
      assertThat(rig.committedOffset("raylet.out")).isEqualTo(rig.endOffset("raylet.out"));
    }
    List<String> keys = server.keys(bucket);
    String session = DeliveryRig.SESSION;
    assertThat(keys).hasSize(2).allSatisfy(key -> assertThat(key)
        .matches("raylog/unknown/unknown/" + session + "/unknown/logs/(raylet\\.out|events/event_GCS\\.log)/"
            + "\\d{8}T\\d{6}\\.\\d{3}Z_0\\.ndjson\\.gz"));
    assertThat(objectsOf("raylet.out")).isEqualTo(expected("raylet.out"));
    assertThat(objectsOf("events/event_GCS.log")).isEqualTo(expected("events/event_GCS.log"));
  }

  @Test
  void objectsRollBySizeAndByTimeAndFollowEachOtherInKeyOrder() throws Exception {
    S3Transport transport = transport(2048, Duration.ofMillis(300), 1000);
    try (DeliveryRig rig = new DeliveryRig(transport, 1000, DeadLetters.NONE, events)) {
      for (int batch = 0; batch < 20; batch++) {
        send(rig, "raylet.out", "b" + batch, 40);
      }
      send(rig, "gcs_server.out", "quiet", 1);
      // No flush: the full objects go up by size, the last one of each file when its roll time comes.
      await().atMost(Duration.ofSeconds(30)).until(rig::allAcknowledged);
    }
    assertThat(server.keys(bucket).stream().filter(k -> k.contains("/raylet.out/")).count())
        .as("rolled by size").isGreaterThan(3);
    assertThat(objectsOf("raylet.out")).as("the objects in key order hold the records in order")
        .isEqualTo(expected("raylet.out"));
    assertThat(objectsOf("gcs_server.out")).isEqualTo(expected("gcs_server.out"));
  }

  @Test
  void whileTheStoreIsDownNothingIsAcknowledgedAndWhenItReturnsEveryRecordIsUploaded() throws Exception {
    S3Transport transport = transport(64 << 20, Duration.ofMillis(100), 1000);
    try (DeliveryRig rig = new DeliveryRig(transport, 1000, DeadLetters.NONE, events)) {
      send(rig, "raylet.out", "before", 20);
      await().atMost(Duration.ofSeconds(30)).until(rig::allAcknowledged);
      long before = rig.committedOffset("raylet.out");

      server.stop();
      try {
        for (int batch = 0; batch < 5; batch++) {
          send(rig, "raylet.out", "during" + batch, 20);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> events.retries.size() >= 3);
        assertThat(rig.committedOffset("raylet.out")).as("nothing the store does not have is acknowledged")
            .isEqualTo(before);
      } finally {
        server.start();
      }
      await().atMost(Duration.ofSeconds(30)).until(rig::allAcknowledged);
      assertThat(rig.committedOffset("raylet.out")).isEqualTo(rig.endOffset("raylet.out"));
    }
    assertThat(events.retries).allSatisfy(reason -> assertThat(reason).matches("connect|timeout|http_\\d+"));
    assertThat(objectsOf("raylet.out")).as("each record exactly once, in order").isEqualTo(expected("raylet.out"));
  }

  @Test
  void anUploadWhoseAnswerIsLostGoesUpAgainAsTheSameObjectSoTheBucketNeverHoldsARecordTwice() throws Exception {
    try (AnswerLosingProxy proxy = new AnswerLosingProxy(server.endpoint(), 1)) {
      S3Transport transport = transport(proxy.endpoint(), 64 << 20, Duration.ofMillis(200), 1000, Long.MAX_VALUE);
      try (DeliveryRig rig = new DeliveryRig(transport, 1000, DeadLetters.NONE, events)) {
        send(rig, "raylet.out", "a", 20);
        send(rig, "raylet.out", "b", 20);
        send(rig, "raylet.out", "c", 20);
        await().atMost(Duration.ofSeconds(30)).until(rig::allAcknowledged);
      }
      assertThat(proxy.lost()).as("s3proxy stored the object, its answer was lost").isEqualTo(1);
    }
    // Put again whole, under its key: had its three batches been sent again one by one, each as its own object, a
    // reader of the bucket would have seen the records of two of them twice, in the first copy and in their own.
    assertThat(server.keys(bucket)).as("one object, as if nothing had failed").hasSize(1);
    assertThat(objectsOf("raylet.out")).isEqualTo(expected("raylet.out"));
  }

  @Test
  void memoryPressureAndAFullInFlightWindowUploadOpenObjectsBeforeTheirTime() throws Exception {
    S3Transport transport = transport(64 << 20, Duration.ofHours(1), 3);
    try (DeliveryRig rig = new DeliveryRig(transport, 3, DeadLetters.NONE, events)) {
      send(rig, "raylet.out", "a", 5);
      send(rig, "raylet.out", "b", 5);
      send(rig, "raylet.out", "c", 5);
      await().atMost(Duration.ofSeconds(30)).alias("the third send fills the window").until(rig::allAcknowledged);

      send(rig, "raylet.out", "d", 5);
      await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !rig.allAcknowledged());
      memoryPressure.set(true);
      await().atMost(Duration.ofSeconds(30)).alias("reading is paused: the open object goes up")
          .until(rig::allAcknowledged);
    }
    assertThat(objectsOf("raylet.out")).isEqualTo(expected("raylet.out"));
  }

  @Test
  void openObjectsGoUpOnceTheirRecordsTakeHalfTheMemoryLimitBeforeReadingWouldPause() throws Exception {
    long sealAt = 20_000; // half of a 40 kB memory limit, in records' cost
    S3Transport transport = transport(64 << 20, Duration.ofHours(1), 1000, sealAt);
    try (DeliveryRig rig = new DeliveryRig(transport, 1000, DeadLetters.NONE, events)) {
      send(rig, "raylet.out", "a", 10);
      send(rig, "gcs_server.out", "g", 10);
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).alias("far below half: objects stay open")
          .until(() -> !rig.allAcknowledged() && server.keys(bucket).isEmpty());
      long cost = sent.stream().mapToLong(record -> record.cost).sum();
      int more = (int) ((sealAt - cost) / sent.get(0).cost) + 20;
      send(rig, "raylet.out", "b", more);
      await().atMost(Duration.ofSeconds(30)).alias("half the limit reached: every open object goes up")
          .until(rig::allAcknowledged);
      assertThat(memoryPressure.get()).as("reading was never paused").isFalse();
      assertThat(server.keys(bucket)).hasSize(2);
    }
    assertThat(objectsOf("raylet.out")).isEqualTo(expected("raylet.out"));
    assertThat(objectsOf("gcs_server.out")).isEqualTo(expected("gcs_server.out"));
  }

  /** The concatenated, decompressed objects of one file, in key order. */
  String objectsOf(String file) throws IOException {
    StringBuilder all = new StringBuilder();
    for (String key : server.keys(bucket)) {
      if (key.contains("/logs/" + file + "/")) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(server.get(bucket, key)))) {
          all.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    }
    return all.toString();
  }

  /** The records sent for one file, as NDJSON, in order. */
  String expected(String file) {
    NdjsonEncoder encoder = new NdjsonEncoder();
    JsonBytes out = new JsonBytes(1024);
    for (LogRecord record : sent) {
      if (record.source.relativePath().equals(file)) {
        encoder.encode(record, out);
      }
    }
    return new String(out.array(), 0, out.length(), StandardCharsets.UTF_8);
  }
}
