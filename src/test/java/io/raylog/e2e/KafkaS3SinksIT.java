package io.raylog.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raylog.sink.kafka.KafkaBroker;
import io.raylog.sink.s3.S3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The built jar ships a session tree to a real Kafka broker and a real S3-compatible store at once (both in this
 * test's JVM), and the jar carries the sinks' clients but none of the test servers.
 */
class KafkaS3SinksIT {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String SESSION = "session_2026-11-25_10-00-00_123456_1";

  @TempDir Path dir;

  @Test
  void everyLineReachesKafkaAndS3AndTheOpenObjectsAreUploadedAtShutdown() throws Exception {
    Path root = dir.resolve("ray");
    Path logs = Files.createDirectories(root.resolve(SESSION + "/logs"));
    List<String> raylet = lines("raylet", 3000);
    List<String> worker = lines("worker", 2000);
    // Ray's C++ log format, one record per line; the records' messages are the text after the source location.
    Files.write(logs.resolve("raylet.out"), spdlog("(raylet) node_manager.cc:1: ", raylet));
    Files.write(logs.resolve("python-core-worker-01000000ffffffffffffffffffffffffffffffffffffffffffffffff_123.log"),
        spdlog("core_worker.cc:1: ", worker));
    Files.writeString(dir.resolve("key-id"), S3Server.ACCESS_KEY + "\n");
    Files.writeString(dir.resolve("secret-key"), S3Server.SECRET_KEY + "\n");

    try (KafkaBroker broker = KafkaBroker.create(2); S3Server s3 = S3Server.create()) {
      s3.createBucket("ray-logs");
      Path config = Configs.write(dir, Configs.staticRoots(dir, root), """
          checkpoint:
            interval: 200ms
          shutdown_timeout: 20s
          sinks:
            - name: bus
              type: kafka
              bootstrap_servers: %s
              topic: ray-logs
              compression: zstd
            - name: archive
              type: s3
              bucket: ray-logs
              prefix: clusters
              endpoint: %s
              force_path_style: true
              access_key_id_file: %s
              secret_access_key_file: %s
              roll_interval: 1h
            - name: archive-zstd
              type: s3
              bucket: ray-logs
              prefix: zstd
              endpoint: %s
              force_path_style: true
              access_key_id_file: %s
              secret_access_key_file: %s
              roll_interval: 1h
              compression: zstd
          server:
            enabled: false
          """.formatted(broker.bootstrapServers(), s3.endpoint(), dir.resolve("key-id"), dir.resolve("secret-key"),
          s3.endpoint(), dir.resolve("key-id"), dir.resolve("secret-key")));

      try (RaylogProcess raylog = RaylogProcess.start(dir, "run", "--config", config.toString())) {
        List<String> messages = new ArrayList<>();
        await().atMost(Duration.ofSeconds(90)).until(() -> {
          messages.clear();
          broker.consume("ray-logs", raylet.size() + worker.size())
              .forEach(r -> messages.add(JSON.readTree(r.value()).get("message").asString()));
          return messages.size() >= raylet.size() + worker.size();
        });
        assertThat(messages).containsAll(raylet).containsAll(worker);
        assertThat(s3.keys("ray-logs")).as("a 1h roll interval: nothing uploaded yet").isEmpty();

        assertThat(raylog.terminate(60)).as(raylog.stderrText()).isIn(0, 143);
        assertThat(raylog.stderrText()).doesNotContain("shutdown timeout").doesNotContain(S3Server.SECRET_KEY);
      }
      List<String> keys = s3.keys("ray-logs");
      assertThat(keys).as("the shutdown uploaded one object per file and sink").hasSize(4);
      List<String> gzipKeys = keys.stream().filter(key -> key.startsWith("clusters/")).toList();
      assertThat(gzipKeys).hasSize(2)
          .allSatisfy(key -> assertThat(key).startsWith("clusters/unknown/unknown/" + SESSION + "/unknown/logs/")
              .endsWith(".ndjson.gz"));
      assertThat(messagesOf(s3, gzipKeys, "/raylet.out/")).containsExactlyElementsOf(raylet);
      assertThat(messagesOf(s3, gzipKeys, "/python-core-worker-")).containsExactlyElementsOf(worker);
      List<String> zstdKeys = keys.stream().filter(key -> key.startsWith("zstd/")).toList();
      assertThat(zstdKeys).hasSize(2).allSatisfy(key -> assertThat(key).endsWith(".ndjson.zst"));
      assertThat(messagesOf(s3, zstdKeys, "/raylet.out/")).containsExactlyElementsOf(raylet);
      assertThat(messagesOf(s3, zstdKeys, "/python-core-worker-")).containsExactlyElementsOf(worker);

      // Everything was acknowledged by both sinks before the exit: a second run ships nothing again.
      try (RaylogProcess again = RaylogProcess.start(dir, "run", "--config", config.toString())) {
        Thread.sleep(3000);
        assertThat(again.terminate(60)).isIn(0, 143);
      }
      assertThat(broker.consume("ray-logs", raylet.size() + worker.size())).hasSize(raylet.size() + worker.size());
      assertThat(s3.keys("ray-logs")).hasSize(4);
    }
  }

  @Test
  void aZstdSinkWhoseNativeLibraryCannotBeUnpackedStopsTheStartNamingTheSink() throws Exception {
    Path root = Files.createDirectories(dir.resolve("ray").resolve(SESSION).resolve("logs"));
    Files.writeString(root.resolve("raylet.out"), "[2026-11-25 10:00:00,000 I 1 1] node_manager.cc:1: up\n");
    Path config = Configs.write(dir, Configs.staticRoots(dir, dir.resolve("ray")), """
        sinks:
          - name: archive
            type: s3
            bucket: ray-logs
            endpoint: http://127.0.0.1:9
            force_path_style: true
            access_key_id: test-access
            secret_access_key: test-secret
            compression: zstd
        server:
          enabled: false
        """);
    // zstd-jni unpacks its library into java.io.tmpdir: a file there instead of a directory makes that fail.
    Path notADirectory = Files.writeString(dir.resolve("not-a-directory"), "");
    RaylogProcess run = RaylogProcess.runToEnd(dir,
        java.util.Map.of("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + notADirectory),
        "run", "--config", config.toString());
    assertThat(run.exitCode()).as(run.stderrText()).isNotZero();
    assertThat(run.stderrText())
        .contains("sink archive: compression zstd needs the native library of zstd-jni")
        .contains("java.io.tmpdir")
        .doesNotContain("test-secret");
  }

  @Test
  void theJarCarriesTheSinkClientsButNotTheTestServers() throws Exception {
    try (ZipFile jar = new ZipFile(RaylogProcess.jar().toFile())) {
      assertThat(jar.getEntry("org/apache/kafka/clients/producer/KafkaProducer.class")).isNotNull();
      assertThat(jar.getEntry("software/amazon/awssdk/services/s3/S3AsyncClient.class")).isNotNull();
      assertThat(jar.getEntry("software/amazon/awssdk/http/nio/netty/NettyNioAsyncHttpClient.class")).isNotNull();
      assertThat(jar.getEntry("kafka/server/KafkaRaftServer.class")).as("the test broker").isNull();
      assertThat(jar.getEntry("org/apache/kafka/metadata/storage/Formatter.class")).isNull();
      assertThat(jar.getEntry("org/gaul/s3proxy/S3Proxy.class")).as("the test S3 server").isNull();
      assertThat(jar.stream().filter(e -> e.getName().startsWith("scala/")).findAny()).isEmpty();
      assertThat(jar.stream().filter(e -> e.getName().startsWith("org/eclipse/jetty/")).findAny()).isEmpty();
    }
    RaylogProcess help = RaylogProcess.runToEnd(dir, "--help");
    assertThat(help.exitCode()).as(help.stderrText()).isZero();
  }

  static List<String> lines(String stream, int count) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      lines.add(stream + " line " + i + " of a Ray log, with some words to compress");
    }
    return lines;
  }

  static List<String> spdlog(String source, List<String> messages) {
    return messages.stream().map(m -> "[2026-11-25 10:00:00,000 I 112 112] " + source + m).toList();
  }

  static List<String> messagesOf(S3Server s3, List<String> keys, String fileMarker) throws Exception {
    List<String> messages = new ArrayList<>();
    for (String key : keys) {
      if (key.contains(fileMarker)) {
        for (String line : s3.ndjsonLines("ray-logs", key)) {
          messages.add(JSON.readTree(line).get("message").asString());
        }
      }
    }
    return messages;
  }
}
