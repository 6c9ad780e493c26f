package io.raylog.sink.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka (KRaft, broker and controller in one process) on 127.0.0.1, for tests. Its storage is
 * formatted once; {@link #stop} and {@link #start} keep it and the ports, so a restarted broker is the same broker
 * with the same data, as after a real broker restart. Starting takes 1–2 s: share one per test class.
 *
 * <p>The ports are ephemeral ports the OS hands out at creation, kept for the broker's life so a restart can bind
 * them again (a static KRaft quorum must name its controller's port before it starts).
 */
public final class KafkaBroker implements AutoCloseable {
  private final Path dir;
  private final int brokerPort;
  private final int saslPort;
  private final int controllerPort;
  private KafkaRaftServer server;

  private KafkaBroker(Path dir, int brokerPort, int saslPort, int controllerPort) {
    this.dir = dir;
    this.brokerPort = brokerPort;
    this.saslPort = saslPort;
    this.controllerPort = controllerPort;
  }

  /** Formats fresh storage and starts the broker, which writes every message to disk before it acknowledges it. */
  public static KafkaBroker create(int partitions) throws Exception {
    return create(partitions, true);
  }

  /**
   * @param flushEveryMessage whether the broker fsyncs each append before acknowledging it, so that a stopped broker
   *     keeps what it acknowledged (the tests); false: Kafka's own default, leaving it to the OS as production
   *     brokers do (relying on replication), for the benchmark, which would otherwise measure the disk's fsyncs
   */
  public static KafkaBroker create(int partitions, boolean flushEveryMessage) throws Exception {
    Path dir = Files.createTempDirectory("raylog-kafka-");
    KafkaBroker broker = new KafkaBroker(dir, freePort(), freePort(), freePort());
    broker.flushEveryMessage = flushEveryMessage;
    broker.format(partitions);
    broker.start();
    return broker;
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  /** A listener that wants SASL/PLAIN, user {@link #SASL_USER} with password {@link #SASL_PASSWORD}. */
  public String saslBootstrapServers() {
    return "127.0.0.1:" + saslPort;
  }

  public static final String SASL_USER = "raylog";
  public static final String SASL_PASSWORD = "kafka-test-password";

  public synchronized void start() {
    if (server != null) {
      return;
    }
    server = new KafkaRaftServer(config(), Time.SYSTEM);
    server.startup();
  }

  public synchronized void stop() {
    if (server == null) {
      return;
    }
    server.shutdown();
    server.awaitShutdown();
    server = null;
  }

  /** Reads the topic from its start until {@code atLeast} records arrived (and a little longer, for extras). */
  public List<ConsumerRecord<byte[], byte[]>> consume(String topic, int atLeast) {
    Map<String, Object> config = Map.of("bootstrap.servers", bootstrapServers(),
        "enable.auto.commit", false, "isolation.level", "read_committed");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      if (partitions.isEmpty()) {
        return records; // the topic does not exist yet
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      int emptyPollsAfterEnough = 0;
      while (System.nanoTime() < deadline && emptyPollsAfterEnough < 2) {
        int before = records.size();
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        if (records.size() >= atLeast && records.size() == before) {
          emptyPollsAfterEnough++;
        }
      }
    }
    return records;
  }

  @Override
  public void close() throws IOException {
    stop();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private int partitions = 1;
  private boolean flushEveryMessage = true;

  private void format(int partitions) throws Exception {
    this.partitions = partitions;
    Path logs = dir.resolve("logs");
    new Formatter()
        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
        .setClusterId(Uuid.randomUuid().toString())
        .setNodeId(1)
        .setDirectories(List.of(logs.toString()))
        .setMetadataLogDirectory(logs.toString())
        .setReleaseVersion(MetadataVersion.latestProduction())
        .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
        .setControllerListenerName("CONTROLLER")
        .run();
  }

  private KafkaConfig config() {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort
        + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort);
    p.put("sasl.enabled.mechanisms", "PLAIN");
    p.put("listener.name.sasl_plaintext.plain.sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required user_" + SASL_USER + "=\"" + SASL_PASSWORD
            + "\";");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", dir.resolve("logs").toString());
    p.put("num.partitions", Integer.toString(partitions));
    p.put("auto.create.topics.enable", "true");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    if (flushEveryMessage) {
      p.put("log.flush.interval.messages", "1"); // a stopped broker keeps what it acknowledged
    }
    // A restarted broker is fenced until its previous registration times out: keep that short.
    p.put("broker.session.timeout.ms", "1500");
    p.put("broker.heartbeat.interval.ms", "300");
    return KafkaConfig.fromProps(p);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
