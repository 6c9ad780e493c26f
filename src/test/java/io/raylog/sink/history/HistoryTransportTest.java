package io.raylog.sink.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raylog.record.LogRecord;
import io.raylog.sink.DeadLetters;
import io.raylog.sink.DeliveryRig;
import io.raylog.sink.RecordingSinkEvents;
import io.raylog.sink.s3.S3Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history sink's transport behind the real delivery stage, on real files, against a real S3-compatible server
 * (s3proxy); what it wrote is read back through a port of the History Server's own reader.
 */
class HistoryTransportTest {
  static final String SESSION = "session_2026-11-25_10-00-00_123456_1";
  static final String HEAD_ID = "fb051b3a21b3d6ae57c4f71cbb51d5f81894f775fce97dbf308a3f9f";
  static final String WORKER_ID = "12ba68f46d2c43ff6c2477a6326af839deb628abd4321a607b18096e";
  static final String PREFIX = "ray-history";
  @AutoClose static final S3Server server = S3Server.forTestClass();

  @TempDir Path dir;
  final String bucket = "history-" + UUID.randomUUID().toString().substring(0, 8);
  final AtomicBoolean memoryPressure = new AtomicBoolean();
  final RecordingSinkEvents events = new RecordingSinkEvents();
  final List<AutoCloseable> closing = new ArrayList<>();
  HistoryServerReader reader;

  @AfterEach
  void close() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  /** The head pod of cluster rc-1, its raylet.out holding the node id. */
  RayNode head() throws IOException {
    RayNode head = new RayNode(dir.resolve("head"), RayNode.pod("h", "head", "RayCluster", "rc-1"), SESSION);
    head.writeRaylet(HEAD_ID);
    return head;
  }

  static void acknowledged(DeliveryRig rig) {
    await().atMost(Duration.ofSeconds(20)).until(rig::allAcknowledged);
  }

  HistoryTransport transport(Duration uploadInterval, Duration nodeIdWait, UploadPlan.Limits limits) {
    if (reader == null) {
      server.createBucket(bucket);
    }
    S3HistoryStore store = new S3HistoryStore(bucket, Optional.of(server.endpoint()), "us-east-1", true,
        S3Server.credentials(),
        Duration.ofSeconds(10));
    HistorySettings settings = new HistorySettings(PREFIX, uploadInterval.toNanos(), nodeIdWait.toNanos(),
        TimeUnit.HOURS.toNanos(1), limits);
    HistoryTransport transport = new HistoryTransport("history", settings, store, 1000, memoryPressure::get,
        Long.MAX_VALUE, TimeUnit.MILLISECONDS.toNanos(20), System::nanoTime);
    if (reader == null) {
      reader = new HistoryServerReader(server.endpoint(), bucket, PREFIX);
      closing.add(reader);
    }
    return transport;
  }

  DeliveryRig rig(HistoryTransport transport) throws Exception {
    DeliveryRig rig = new DeliveryRig(transport, 1000, DeadLetters.NONE, events);
    closing.add(rig);
    closing.add(transport);
    return rig;
  }

  static void send(DeliveryRig rig, RayNode node, String file) throws Exception {
    List<LogRecord> records = node.read(file);
    if (!records.isEmpty()) {
      rig.send(records);
    }
  }

  static String lines(String prefix, int count) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      text.append(prefix).append(' ').append(i).append(" some payload of a Ray log line\n");
    }
    return text.toString();
  }

  HistoryServerReader.ClusterInfo onlySession() {
    List<HistoryServerReader.ClusterInfo> clusters = reader.list();
    assertThat(clusters).hasSize(1);
    return clusters.get(0);
  }

  @Test
  void aHeadAndAWorkerOfARayJobAreListedAndReadByTheHistoryServersRulesByteForByte() throws Exception {
    RayNode head = new RayNode(dir.resolve("head"), RayNode.pod("rc-1-head-x", "head", "RayJob", "my-job"), SESSION);
    RayNode worker = new RayNode(dir.resolve("worker"), RayNode.pod("rc-1-worker-y", "worker", "RayJob", "my-job"),
        SESSION);
    head.writeRaylet(HEAD_ID);
    worker.writeRaylet(WORKER_ID);
    head.write("gcs_server.out", lines("gcs", 50));
    head.write("events/event_GCS.log", "{\"event_id\":\"1\"}\n");
    worker.write("worker-aa-01000000-215.out", lines("worker", 20));
    worker.write("old/worker-bb-01000000-216.err", "Traceback (most recent call last):\n");

    HistoryTransport transport = transport(Duration.ofHours(1), Duration.ofHours(1), UploadPlan.Limits.S3);
    DeliveryRig rig = rig(transport);
    for (String file : List.of("raylet.out", "gcs_server.out", "events/event_GCS.log")) {
      send(rig, head, file);
    }
    for (String file : List.of("raylet.out", "worker-aa-01000000-215.out", "old/worker-bb-01000000-216.err")) {
      send(rig, worker, file);
    }
    acknowledged(rig);

    HistoryServerReader.ClusterInfo session = onlySession();
    assertThat(session).isEqualTo(new HistoryServerReader.ClusterInfo("rc-1", "team-a", SESSION,
        "2026-11-25T10:00:00Z", 1_795_600_800L, "rayjob", "my-job"));
    assertThat(reader.nodes(session)).containsExactlyInAnyOrder(HEAD_ID, WORKER_ID);
    assertThat(reader.logFiles(session, HEAD_ID))
        .containsExactlyInAnyOrder("raylet.out", "gcs_server.out", "events/event_GCS.log");
    assertThat(reader.logFiles(session, WORKER_ID))
        .containsExactlyInAnyOrder("raylet.out", "worker-aa-01000000-215.out", "old/worker-bb-01000000-216.err");
    for (String file : List.of("raylet.out", "gcs_server.out", "events/event_GCS.log")) {
      assertThat(reader.logFile(session, HEAD_ID, file)).as(file).isEqualTo(Files.readAllBytes(head.path(file)));
    }
    for (String file : List.of("raylet.out", "worker-aa-01000000-215.out", "old/worker-bb-01000000-216.err")) {
      assertThat(reader.logFile(session, WORKER_ID, file)).as(file).isEqualTo(Files.readAllBytes(worker.path(file)));
    }
    assertThat(server.keys(bucket)).contains(PREFIX + "/cluster-history/rayjob/team-a/my-job/rc-1/" + SESSION + "/"
        + HEAD_ID + "/logs/gcs_server.out", PREFIX + "/cluster-metadata/rayjob/team-a_my-job_rc-1/" + SESSION);
  }

  @Test
  void aBatchIsAcknowledgedOnlyOnceItsFileIsUploadedPastItsRecords() throws Exception {
    RayNode head = head();
    head.write("gcs_server.out", lines("first", 10));
    HistoryTransport transport = transport(Duration.ofHours(1), Duration.ofHours(1), UploadPlan.Limits.S3);
    DeliveryRig rig = rig(transport);
    send(rig, head, "gcs_server.out"); // a file seen for the first time goes up at once
    acknowledged(rig);
    long first = Files.size(head.path("gcs_server.out"));
    assertThat(head.progress("gcs_server.out").committedOffset()).isEqualTo(first);

    head.write("gcs_server.out", lines("second", 10));
    send(rig, head, "gcs_server.out");
    Thread.sleep(300); // the upload interval (1 h) is not reached: the batch waits, its checkpoint too
    assertThat(rig.allAcknowledged()).isFalse();
    assertThat(head.progress("gcs_server.out").committedOffset()).isEqualTo(first);

    transport.flush(); // shutdown: everything waiting goes up
    acknowledged(rig);
    HistoryServerReader.ClusterInfo session = onlySession();
    assertThat(reader.logFile(session, HEAD_ID, "gcs_server.out"))
        .isEqualTo(Files.readAllBytes(head.path("gcs_server.out")));
    assertThat(head.progress("gcs_server.out").committedOffset()).isEqualTo(Files.size(head.path("gcs_server.out")));
  }

  @Test
  void aGrowingFileSendsOnlyItsNewBytesTheStoredObjectIsCopiedInsideTheStore() throws Exception {
    RayNode head = head();
    String big = lines("x".repeat(200), 30_000); // about 6.6 MB: above S3's 5 MiB part minimum
    head.write("raylet.out", big);
    HistoryTransport transport = transport(Duration.ofMillis(50), Duration.ofHours(1), UploadPlan.Limits.S3);
    DeliveryRig rig = rig(transport);
    send(rig, head, "raylet.out");
    await().atMost(Duration.ofSeconds(30)).until(rig::allAcknowledged);
    FileUploads.Counts before = transport.counts();

    long added = 0;
    for (int round = 0; round < 3; round++) {
      String more = lines("round" + round, 100);
      added += more.length();
      head.write("raylet.out", more);
      send(rig, head, "raylet.out");
      await().atMost(Duration.ofSeconds(30)).until(rig::allAcknowledged);
    }
    FileUploads.Counts after = transport.counts();
    assertThat(after.sentBytes() - before.sentBytes()).isEqualTo(added);
    assertThat(after.partCopies() - before.partCopies()).isEqualTo(3);
    assertThat(reader.logFile(onlySession(), HEAD_ID, "raylet.out"))
        .isEqualTo(Files.readAllBytes(head.path("raylet.out")));
  }

  @Test
  void aRotatedFileEndsUnderItsFinalNameAndTheNewFileTakesTheName() throws Exception {
    RayNode head = head();
    head.write("python-core-worker-aa_1.log", lines("old", 20));
    HistoryTransport transport = transport(Duration.ofMillis(50), Duration.ofHours(1), UploadPlan.Limits.S3);
    DeliveryRig rig = rig(transport);
    send(rig, head, "python-core-worker-aa_1.log");
    acknowledged(rig);

    head.write("python-core-worker-aa_1.log", lines("last-of-old", 5));
    head.rename("python-core-worker-aa_1.log", "python-core-worker-aa_1.1.log"); // renamed before it was read
    head.write("python-core-worker-aa_1.log", lines("new", 7));
    send(rig, head, "python-core-worker-aa_1.1.log");
    send(rig, head, "python-core-worker-aa_1.log");
    acknowledged(rig);

    HistoryServerReader.ClusterInfo session = onlySession();
    assertThat(reader.logFiles(session, HEAD_ID)).containsExactlyInAnyOrder("raylet.out",
        "python-core-worker-aa_1.log", "python-core-worker-aa_1.1.log");
    for (String file : List.of("python-core-worker-aa_1.log", "python-core-worker-aa_1.1.log")) {
      assertThat(reader.logFile(session, HEAD_ID, file)).as(file).isEqualTo(Files.readAllBytes(head.path(file)));
    }
  }

  @Test
  void aFileMovedIntoOldWithoutNewRecordsMovesItsObjectThere() throws Exception {
    RayNode head = head();
    head.write("worker-aa-01000000-9.out", lines("w", 20));
    HistoryTransport transport = transport(Duration.ofMillis(50), Duration.ofHours(1), UploadPlan.Limits.S3);
    DeliveryRig rig = rig(transport);
    send(rig, head, "worker-aa-01000000-9.out");
    acknowledged(rig);

    head.write("worker-aa-01000000-9.out", lines("more", 3));
    head.rename("worker-aa-01000000-9.out", "old/worker-aa-01000000-9.out");
    send(rig, head, "old/worker-aa-01000000-9.out");
    acknowledged(rig);

    HistoryServerReader.ClusterInfo session = onlySession();
    assertThat(reader.logFiles(session, HEAD_ID)).containsExactlyInAnyOrder("raylet.out",
        "old/worker-aa-01000000-9.out");
    assertThat(reader.logFile(session, HEAD_ID, "old/worker-aa-01000000-9.out"))
        .isEqualTo(Files.readAllBytes(head.path("old/worker-aa-01000000-9.out")));
  }

  @Test
  void filesNoRecordNamesAreMirroredTooEmptyOnesAndOnesRenamedWhileRaylogWasDown() throws Exception {
    RayNode head = head();
    head.write("worker-aa-01000000-9.err", ""); // most worker .err files never get a line
    head.write("python-core-worker-aa_1.1.log", lines("rotated before raylog started", 3));
    HistoryTransport transport = transport(Duration.ofMillis(100), Duration.ofHours(1), UploadPlan.Limits.S3);
    DeliveryRig rig = rig(transport);
    send(rig, head, "raylet.out"); // a record of the session makes it known
    await().atMost(Duration.ofSeconds(20)).until(() -> reader.list().size() == 1
        && reader.logFiles(onlySession(), HEAD_ID).size() == 3);
    HistoryServerReader.ClusterInfo session = onlySession();
    for (String file : List.of("raylet.out", "worker-aa-01000000-9.err", "python-core-worker-aa_1.1.log")) {
      assertThat(reader.logFile(session, HEAD_ID, file)).as(file).isEqualTo(Files.readAllBytes(head.path(file)));
    }
    head.write("worker-aa-01000000-9.err", "a line at last, no record sent\n");
    await().atMost(Duration.ofSeconds(20)).until(() -> java.util.Arrays.equals(
        reader.logFile(session, HEAD_ID, "worker-aa-01000000-9.err"),
        Files.readAllBytes(head.path("worker-aa-01000000-9.err"))));
  }

  @Test
  void aDeletedFileIsUploadedWholeThroughTheSinksOwnDescriptor() throws Exception {
    RayNode head = head();
    head.write("worker-aa-01000000-9.err", lines("a", 10));
    HistoryTransport transport = transport(Duration.ofHours(1), Duration.ofHours(1), UploadPlan.Limits.S3);
    DeliveryRig rig = rig(transport);
    send(rig, head, "worker-aa-01000000-9.err");
    acknowledged(rig);

    head.write("worker-aa-01000000-9.err", lines("b", 10));
    send(rig, head, "worker-aa-01000000-9.err");
    byte[] whole = Files.readAllBytes(head.path("worker-aa-01000000-9.err"));
    head.delete("worker-aa-01000000-9.err");
    transport.flush();
    acknowledged(rig);
    assertThat(reader.logFile(onlySession(), HEAD_ID, "worker-aa-01000000-9.err")).isEqualTo(whole);
  }

  @Test
  void afterARestartTheStoredObjectIsContinuedAndAnotherFileOfTheSameNameReplacesIt() throws Exception {
    RayNode head = head();
    UploadPlan.Limits smallParts = new UploadPlan.Limits(5L << 20, 5L << 30, 64L << 20, 5L << 30);
    head.write("raylet.out", lines("y".repeat(200), 30_000));
    HistoryTransport first = transport(Duration.ofMillis(50), Duration.ofHours(1), smallParts);
    try (DeliveryRig rig = new DeliveryRig(first, 1000, DeadLetters.NONE, events)) {
      send(rig, head, "raylet.out");
      await().atMost(Duration.ofSeconds(30)).until(rig::allAcknowledged);
    }
    first.close();

    // raylog restarts: the file grew meanwhile, the tailer resumes from its checkpoint
    head.write("raylet.out", lines("after-restart", 10));
    HistoryTransport second = transport(Duration.ofMillis(50), Duration.ofHours(1), smallParts);
    DeliveryRig rig = rig(second);
    send(rig, head, "raylet.out");
    await().atMost(Duration.ofSeconds(30)).until(rig::allAcknowledged);
    assertThat(second.counts().partCopies()).isEqualTo(1); // the stored object was this file's: continued
    assertThat(reader.logFile(onlySession(), HEAD_ID, "raylet.out"))
        .isEqualTo(Files.readAllBytes(head.path("raylet.out")));

    // the same name, another file (another inode): its object starts again from its own bytes
    Files.delete(head.path("gcs_server.out").resolveSibling("raylet.out"));
    head.writeRaylet(HEAD_ID);
    head.write("raylet.out", lines("another", 5));
    HistoryTransport third = transport(Duration.ofMillis(50), Duration.ofHours(1), smallParts);
    DeliveryRig rig3 = rig(third);
    send(rig3, head, "raylet.out");
    await().atMost(Duration.ofSeconds(30)).until(rig3::allAcknowledged);
    assertThat(reader.logFile(onlySession(), HEAD_ID, "raylet.out"))
        .isEqualTo(Files.readAllBytes(head.path("raylet.out")));
  }

  @Test
  void filesWaitForTheNodeIdAndGoUnderThePodsNameWhenTheRayletNeverWritesIt() throws Exception {
    RayNode head = new RayNode(dir.resolve("head"), RayNode.pod("rc-1-head-x", "head", "RayCluster", "rc-1"),
        SESSION);
    head.write("gcs_server.out", lines("g", 5));
    HistoryTransport transport = transport(Duration.ofMillis(50), Duration.ofSeconds(1), UploadPlan.Limits.S3);
    DeliveryRig rig = rig(transport);
    send(rig, head, "gcs_server.out");
    Thread.sleep(300);
    assertThat(rig.allAcknowledged()).isFalse(); // no node id yet: the batch waits
    acknowledged(rig);
    HistoryServerReader.ClusterInfo session = onlySession();
    assertThat(reader.nodes(session)).containsExactly("rc-1-head-x");
    assertThat(reader.logFile(session, "rc-1-head-x", "gcs_server.out"))
        .isEqualTo(Files.readAllBytes(head.path("gcs_server.out")));
  }

  static String event(String id, String type, String session, String payload) {
    return "{\"eventId\":\"" + id + "\",\"eventType\":\"" + type + "\",\"sourceType\":\"GCS\","
        + "\"timestamp\":\"2026-11-25T10:00:01.123456789Z\",\"severity\":\"INFO\",\"sessionName\":\"" + session
        + "\"" + payload + "}";
  }

  /** Every line of the event files below the node's {@code dir}, as the event server finds and reads them. */
  List<String> eventLines(HistoryServerReader.ClusterInfo session, String node, String dir) {
    List<String> lines = new ArrayList<>();
    for (String file : reader.eventFiles(session, node)) {
      if (file.startsWith(dir + "/")) {
        byte[] content = reader.nodeFile(session, node, file);
        lines.addAll(List.of(new String(content, java.nio.charset.StandardCharsets.UTF_8).split("\n")));
      }
    }
    return lines;
  }

  @Test
  void exportedEventsAreSpooledBeforeTheAnswerAndUploadedInTheSidecarsLayoutOnce() throws Exception {
    RayNode head = new RayNode(dir.resolve("head"), RayNode.pod("rc-1-head-x", "head", "RayJob", "j"), SESSION);
    HistoryTransport transport = transport(Duration.ofMillis(50), Duration.ofHours(1), UploadPlan.Limits.S3);
    DeliveryRig rig = rig(transport);
    EventSpool spool = transport.serveEvents(dir.resolve("spool"), 1 << 20);
    String query = "namespace=team-a&pod=rc-1-head-x";
    String batch = "[" + event("n1", "NODE_DEFINITION_EVENT", SESSION, "") + ","
        + event("t1", "TASK_DEFINITION_EVENT", SESSION, ",\"taskDefinitionEvent\":{\"jobId\":\"AQAAAA==\"}") + "]";
    assertThat(spool.accept(query, batch.getBytes()).status()).isEqualTo(200);
    assertThat(spool.accept("pod=x", batch.getBytes()).status()).isEqualTo(400);
    assertThat(spool.accept(query, "[{\"sessionName\":\"s\"}]".getBytes()).status()).isEqualTo(400);
    assertThat(spool.files()).hasSize(2); // on disk before the answer; not uploaded: the pod's node is not known

    head.writeRaylet(HEAD_ID); // the pod's files show its session and node id
    send(rig, head, "raylet.out");
    assertThat(spool.accept(query, ("[" + event("n2", "NODE_LIFECYCLE_EVENT", SESSION, "") + "]").getBytes())
        .status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(20)).until(() -> spool.files().isEmpty());
    HistoryServerReader.ClusterInfo session = onlySession();
    assertThat(eventLines(session, HEAD_ID, "node_events")).hasSize(2).allMatch(l -> l.contains("\"eventId\":\"n"));
    assertThat(eventLines(session, HEAD_ID, "job_events/01000000")).singleElement().asString().contains("\"t1\"");
    assertThat(server.keys(bucket)).anyMatch(k -> k.matches(PREFIX + "/cluster-history/rayjob/team-a/j/rc-1/" + SESSION
        + "/" + HEAD_ID + "/node_events/" + HEAD_ID + "-2\\d{3}-\\d\\d-\\d\\d-\\d\\d-\\d{19}\\.jsonl"));

    EventSpool full = new EventSpool(dir.resolve("full"), 10, System::nanoTime);
    assertThat(full.accept(query, batch.getBytes()).status()).isEqualTo(200);
    EventSpool.Answer refused = full.accept(query, batch.getBytes());
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.retryAfterSeconds()).isPositive();
  }

  @Test
  void aStoreOutageDelaysTheAcknowledgementAndNothingIsLost() throws Exception {
    RayNode head = head();
    head.write("gcs_server.out", lines("g", 5));
    HistoryTransport transport = transport(Duration.ofMillis(50), Duration.ofHours(1), UploadPlan.Limits.S3);
    DeliveryRig rig = rig(transport);
    server.stop();
    try {
      send(rig, head, "gcs_server.out");
      await().atMost(Duration.ofSeconds(20)).until(() -> !events.retries.isEmpty());
      assertThat(rig.allAcknowledged()).isFalse();
    } finally {
      server.start();
    }
    await().atMost(Duration.ofSeconds(30)).until(rig::allAcknowledged);
    assertThat(reader.logFile(onlySession(), HEAD_ID, "gcs_server.out"))
        .isEqualTo(Files.readAllBytes(head.path("gcs_server.out")));
  }
}
