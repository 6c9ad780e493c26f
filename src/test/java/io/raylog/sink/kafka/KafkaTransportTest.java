package io.raylog.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raylog.sink.DeadLetterFile;
import io.raylog.sink.DeadLetters;
import io.raylog.sink.DeliveryRig;
import io.raylog.sink.RecordingSinkEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The kafka sink's transport behind the real delivery stage, against a real broker (one for the whole class). */
class KafkaTransportTest {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static KafkaBroker broker;

  @TempDir Path dir;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = KafkaBroker.create(3);
  }

  @AfterAll
  static void stopBroker() throws Exception {
    broker.close();
  }

  KafkaProducerSettings settings(String topic, KafkaKey key, Duration deliveryTimeout) {
    return new KafkaProducerSettings(broker.bootstrapServers(), topic, key, KafkaCompression.LZ4, deliveryTimeout,
        8 << 20, KafkaProducerSettings.maxRequestBytes(1 << 20), "raylog-test", java.util.Map.of());
  }

  static String topic() {
    return "raylog-" + UUID.randomUUID();
  }

  @Test
  void everyRecordArrivesAsOneNdjsonValueKeyedBySessionInOrderPerFileAndIsAcknowledgedAfterTheBroker()
      throws Exception {
    String topic = topic();
    RecordingSinkEvents events = new RecordingSinkEvents();
    List<String> raylet = new ArrayList<>();
    List<String> gcs = new ArrayList<>();
    try (KafkaTransport transport = new KafkaTransport("kafka", settings(topic, KafkaKey.RAY_CLUSTER, Duration.ofSeconds(30)));
        DeliveryRig rig = new DeliveryRig(transport, 4, DeadLetters.NONE, events)) {
      for (int batch = 0; batch < 20; batch++) {
        List<io.raylog.record.LogRecord> records = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          String file = i % 2 == 0 ? "raylet.out" : "gcs_server.out";
          String message = file + " line " + batch + "." + i;
          (i % 2 == 0 ? raylet : gcs).add(message);
          records.add(rig.record(file, message));
        }
        rig.send(records);
      }
      await().atMost(Duration.ofSeconds(60)).until(rig::allAcknowledged);
      assertThat(rig.committedOffset("raylet.out")).isEqualTo(rig.endOffset("raylet.out"));
      assertThat(rig.committedOffset("gcs_server.out")).isEqualTo(rig.endOffset("gcs_server.out"));
    }
    List<ConsumerRecord<byte[], byte[]>> consumed = broker.consume(topic, 1000);
    assertThat(events.delivered.get()).isEqualTo(1000);
    assertThat(consumed).allSatisfy(record -> {
      assertThat(new String(record.key(), StandardCharsets.UTF_8)).as("key: the session, no cluster being known")
          .isEqualTo(DeliveryRig.SESSION);
      assertThat(record.value()).as("one NDJSON line without its newline").doesNotContain((byte) '\n');
    });
    assertThat(consumed.stream().map(r -> r.partition()).distinct()).as("one key, one partition").hasSize(1);
    Map<String, List<String>> byFile = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : consumed) {
      JsonNode json = JSON.readTree(record.value());
      byFile.computeIfAbsent(json.get("ray").get("file").asString(), f -> new ArrayList<>())
          .add(json.get("message").asString());
    }
    assertThat(byFile.get("raylet.out")).containsExactlyElementsOf(raylet);
    assertThat(byFile.get("gcs_server.out")).containsExactlyElementsOf(gcs);
  }

  @Test
  void everyRecordCarriesItsIdAsAHeaderAndWithKeyLogIdAsItsKey() throws Exception {
    String topic = topic();
    List<String> ids = new ArrayList<>();
    try (KafkaTransport transport = new KafkaTransport("kafka", settings(topic, KafkaKey.LOG_ID, Duration.ofSeconds(30)));
        DeliveryRig rig = new DeliveryRig(transport, 4, DeadLetters.NONE, new RecordingSinkEvents())) {
      List<io.raylog.record.LogRecord> records = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        io.raylog.record.LogRecord record = rig.identifiedRecord("raylet.out", "line " + i);
        ids.add(record.id());
        records.add(record);
      }
      rig.send(records);
      await().atMost(Duration.ofSeconds(60)).until(rig::allAcknowledged);
    }
    List<ConsumerRecord<byte[], byte[]>> consumed = broker.consume(topic, 20);
    assertThat(consumed).extracting(r -> new String(r.headers().lastHeader(KafkaTransport.LOG_ID_HEADER).value(),
        StandardCharsets.US_ASCII)).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(consumed).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.headers().lastHeader("log.id").value()));
    assertThat(consumed).allSatisfy(r -> assertThat(JSON.readTree(r.value()).get("log").get("id").asString())
        .isEqualTo(new String(r.key(), StandardCharsets.US_ASCII)));
  }

  @Test
  void withTheDefaultKeyEachRecordsIdHeaderIsItsOwnAndARecordWithoutIdentityHasNone() throws Exception {
    String topic = topic();
    Map<String, String> idByMessage = new HashMap<>();
    try (KafkaTransport transport = new KafkaTransport("kafka", settings(topic, KafkaKey.POD, Duration.ofSeconds(30)));
        DeliveryRig rig = new DeliveryRig(transport, 4, DeadLetters.NONE, new RecordingSinkEvents())) {
      List<io.raylog.record.LogRecord> records = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String message = "line " + i;
        io.raylog.record.LogRecord record = i % 4 == 3
            ? rig.record("raylet.out", message)
            : rig.identifiedRecord("raylet.out", message);
        idByMessage.put(message, record.id());
        records.add(record);
      }
      rig.send(records);
      await().atMost(Duration.ofSeconds(60)).until(rig::allAcknowledged);
    }
    List<ConsumerRecord<byte[], byte[]>> consumed = broker.consume(topic, 40);
    assertThat(consumed).hasSize(40).allSatisfy(r -> {
      String expected = idByMessage.get(JSON.readTree(r.value()).get("message").asString());
      var header = r.headers().lastHeader(KafkaTransport.LOG_ID_HEADER);
      if (expected == null) {
        assertThat(header).as("a record without identity has no log.id header").isNull();
      } else {
        assertThat(new String(header.value(), StandardCharsets.US_ASCII)).isEqualTo(expected);
        assertThat(r.headers().headers(KafkaTransport.LOG_ID_HEADER)).hasSize(1);
      }
    });
    assertThat(idByMessage.values()).filteredOn(java.util.Objects::nonNull).hasSize(30).doesNotHaveDuplicates();
  }

  @Test
  void whileTheBrokerIsDownNothingIsAcknowledgedAndWhenItReturnsEveryRecordArrives() throws Exception {
    String topic = topic();
    RecordingSinkEvents events = new RecordingSinkEvents();
    List<String> sent = new ArrayList<>();
    try (KafkaTransport transport = new KafkaTransport("kafka", settings(topic, KafkaKey.POD, Duration.ofSeconds(2)));
        DeliveryRig rig = new DeliveryRig(transport, 2, DeadLetters.NONE, events)) {
      sent.addAll(rig.send("raylet.out", "before", 100));
      await().atMost(Duration.ofSeconds(60)).until(rig::allAcknowledged);
      long acknowledgedBeforeOutage = rig.committedOffset("raylet.out");

      broker.stop();
      try {
        for (int batch = 0; batch < 5; batch++) {
          sent.addAll(rig.send("raylet.out", "during-" + batch, 100));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> events.retries.size() >= 2);
        assertThat(rig.committedOffset("raylet.out")).as("nothing the broker does not have is acknowledged")
            .isEqualTo(acknowledgedBeforeOutage);
        assertThat(rig.allAcknowledged()).isFalse();
      } finally {
        broker.start();
      }
      await().atMost(Duration.ofSeconds(90)).until(rig::allAcknowledged);
      assertThat(rig.committedOffset("raylet.out")).isEqualTo(rig.endOffset("raylet.out"));
    }
    List<String> messages = broker.consume(topic, sent.size()).stream()
        .map(r -> JSON.readTree(r.value()).get("message").asString()).toList();
    assertThat(messages).as("nothing lost (a record that timed out after the broker wrote it may come twice)")
        .containsAll(sent);
    assertThat(events.retries).allSatisfy(reason -> assertThat(reason).matches("[a-z_]+"));
  }

  /** Text that compression does not shrink: the broker's limit applies to the compressed batch. */
  static String incompressible(int length) {
    java.util.Random random = new java.util.Random(length);
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append((char) ('!' + random.nextInt(90)));
    }
    return text.toString().replace('"', '#').replace('\\', '/');
  }

  @Test
  void aRecordTooLargeForTheBrokerIsRejectedAndDeadLetteredWithTheSettingToRaiseWhileTheOthersArrive()
      throws Exception {
    String topic = topic();
    RecordingSinkEvents events = new RecordingSinkEvents();
    Path deadLetter = dir.resolve("dead.ndjson");
    // Within the producer's max.request.size (sized for raylog's largest record), beyond the broker's 1 MiB default.
    String huge = incompressible(2 << 20);
    try (KafkaTransport transport = new KafkaTransport("kafka", settings(topic, KafkaKey.NONE, Duration.ofSeconds(30)));
        DeliveryRig rig = new DeliveryRig(transport, 4, new DeadLetterFile("kafka", deadLetter, 0, 0), events)) {
      rig.send(List.of(rig.record("raylet.out", "small-1"), rig.record("raylet.out", huge),
          rig.record("raylet.out", "small-2")));
      await().atMost(Duration.ofSeconds(60)).until(rig::allAcknowledged);
      assertThat(rig.committedOffset("raylet.out")).isEqualTo(rig.endOffset("raylet.out"));
    }
    assertThat(events.rejections).containsExactly("record_too_large");
    assertThat(events.deadLettered.get()).isEqualTo(1);
    String letter = Files.readString(deadLetter);
    assertThat(JSON.readTree(letter).get("record").get("message").asString()).isEqualTo(huge);
    assertThat(JSON.readTree(letter).get("reason").asString()).isEqualTo("record_too_large");
    assertThat(JSON.readTree(letter).get("detail").asString()).as("the broker's refusal, and what to raise")
        .contains("the broker refused a record of").contains("max.message.bytes").contains("message.max.bytes");
    List<ConsumerRecord<byte[], byte[]>> consumed = broker.consume(topic, 2);
    assertThat(consumed).allSatisfy(r -> assertThat(r.key()).as("key: none").isNull());
    assertThat(consumed.stream().map(r -> JSON.readTree(r.value()).get("message").asString()))
        .containsExactlyInAnyOrder("small-1", "small-2");
  }

  @Test
  void aTopicThatTakesLargeRecordsGetsALineOfAMebibyteAndMore() throws Exception {
    String topic = topic();
    try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
        Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 1, (short) 1)
          .configs(Map.of("max.message.bytes", Integer.toString(8 << 20))))).all().get();
    }
    RecordingSinkEvents events = new RecordingSinkEvents();
    String line = incompressible((1 << 20) + 4096); // the producer's default max.request.size refused this
    try (KafkaTransport transport = new KafkaTransport("kafka", settings(topic, KafkaKey.POD, Duration.ofSeconds(30)));
        DeliveryRig rig = new DeliveryRig(transport, 4, DeadLetters.NONE, events)) {
      rig.send(List.of(rig.record("raylet.out", "before"), rig.record("raylet.out", line),
          rig.record("raylet.out", "after")));
      await().atMost(Duration.ofSeconds(60)).until(rig::allAcknowledged);
    }
    assertThat(events.rejections).isEmpty();
    assertThat(broker.consume(topic, 3).stream().map(r -> JSON.readTree(r.value()).get("message").asString()))
        .containsExactly("before", line, "after");
  }

  @Test
  void saslCredentialsFromAFileAreReadAgainWhenAFailedLoginReplacesTheProducer() throws Exception {
    String topic = topic();
    RecordingSinkEvents events = new RecordingSinkEvents();
    Path password = Files.writeString(dir.resolve("password"), "not-the-password\n");
    KafkaSinkConfig.Security security = new KafkaSinkConfig.Security(KafkaSinkConfig.Protocol.SASL_PLAINTEXT,
        KafkaSinkConfig.SaslMechanism.PLAIN, Optional.of(KafkaBroker.SASL_USER), Optional.empty(),
        Optional.of(password), Optional.empty());
    KafkaProducerSettings settings = new KafkaProducerSettings(broker.saslBootstrapServers(), topic, KafkaKey.POD,
        KafkaCompression.LZ4, Duration.ofSeconds(5), 8 << 20, KafkaProducerSettings.maxRequestBytes(1 << 20),
        "raylog-test", Map.of());
    // The security properties are made for each new producer, so a password file is read again each time.
    KafkaTransport transport = new KafkaTransport("kafka", topic, KafkaKey.POD, () -> {
      Map<String, Object> properties = new HashMap<>(settings.producerProperties());
      properties.putAll(KafkaSecurityProperties.of(security));
      return new KafkaProducer<>(properties);
    });
    List<String> sent;
    try (DeliveryRig rig = new DeliveryRig(transport, 2, DeadLetters.NONE, events)) {
      sent = rig.send("raylet.out", "secret-protected", 50);
      await().atMost(Duration.ofSeconds(60)).until(() -> events.retries.size() >= 2);
      assertThat(events.retries).contains("sasl_authentication");
      assertThat(rig.committedOffset("raylet.out")).as("refused: nothing acknowledged").isZero();

      Files.writeString(password, KafkaBroker.SASL_PASSWORD + "\n");
      await().atMost(Duration.ofSeconds(60)).until(rig::allAcknowledged);
    }
    assertThat(broker.consume(topic, sent.size()).stream()
        .map(r -> JSON.readTree(r.value()).get("message").asString())).containsAll(sent);
  }
}
