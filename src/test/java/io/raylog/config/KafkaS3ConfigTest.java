package io.raylog.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.sink.kafka.KafkaCompression;
import io.raylog.sink.kafka.KafkaKey;
import io.raylog.sink.kafka.KafkaSinkConfig;
import io.raylog.sink.s3.ObjectCompression;
import io.raylog.sink.s3.ObjectLayout;
import io.raylog.sink.s3.S3SinkConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KafkaS3ConfigTest {
  private static final String DISCOVERY = "discovery:\n  static:\n    roots: [/tmp/ray]\nsinks:\n";

  @TempDir Path dir;

  ConfigFiles files() {
    return new ConfigFiles(dir);
  }

  @Test
  void aKafkaSinkTakesItsDefaults() {
    RaylogConfig config = files().load(DISCOVERY
        + "  - {name: bus, type: kafka, bootstrap_servers: 'k-0:9092,k-1:9092', topic: ray.logs}\n");
    KafkaSinkConfig kafka = (KafkaSinkConfig) config.sinks().get(0);
    assertThat(kafka.bootstrapServers()).isEqualTo("k-0:9092,k-1:9092");
    assertThat(kafka.topic()).isEqualTo("ray.logs");
    assertThat(kafka.key()).isEqualTo(KafkaKey.POD);
    assertThat(kafka.compression()).isEqualTo(KafkaCompression.LZ4);
    assertThat(kafka.deliveryTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(kafka.security()).isEqualTo(KafkaSinkConfig.Security.PLAINTEXT);
    assertThat(kafka.delivery().maxInFlight()).isEqualTo(4);
  }

  @Test
  void anS3SinkCompressesWithGzipAtLevelOneUnlessToldOtherwise() {
    String s3 = "  - {name: a, type: s3, bucket: logs, compression_level: %s}\n";
    S3SinkConfig defaults = (S3SinkConfig) files().load(DISCOVERY + "  - {name: a, type: s3, bucket: logs}\n")
        .sinks().get(0);
    assertThat(defaults.compression()).isEqualTo(ObjectCompression.GZIP);
    assertThat(defaults.compressionLevel()).isEqualTo(1);
    assertThat(((S3SinkConfig) files().load(DISCOVERY + s3.formatted(6)).sinks().get(0)).compressionLevel())
        .isEqualTo(6);
    S3SinkConfig zstd = (S3SinkConfig) files().load(DISCOVERY
        + "  - {name: a, type: s3, bucket: logs, compression: zstd, compression_level: 12}\n").sinks().get(0);
    assertThat(zstd.compression()).isEqualTo(ObjectCompression.ZSTD);
    assertThat(zstd.compressionLevel()).isEqualTo(12);
  }

  @Test
  void anS3SinkTakesItsDefaultsAndStaticKeysFromTheEnvironment() {
    RaylogConfig config = ConfigLoader.load(files().write(DISCOVERY
        + "  - name: archive\n    type: s3\n    bucket: ray-logs\n    endpoint: http://minio:9000\n"
        + "    force_path_style: true\n    access_key_id: ${KEY_ID}\n    secret_access_key: ${SECRET}\n"),
        Map.of("KEY_ID", "AKIA0", "SECRET", "s3cr3t"));
    S3SinkConfig s3 = (S3SinkConfig) config.sinks().get(0);
    assertThat(s3.bucket()).isEqualTo("ray-logs");
    assertThat(s3.prefix()).isEmpty();
    assertThat(s3.store().endpoint()).contains(URI.create("http://minio:9000"));
    assertThat(s3.store().region()).isEqualTo("us-east-1");
    assertThat(s3.store().forcePathStyle()).isTrue();
    assertThat(s3.store().accessKeyId().orElseThrow().reveal()).isEqualTo("AKIA0");
    assertThat(s3.store().secretAccessKey().orElseThrow().reveal()).isEqualTo("s3cr3t");
    assertThat(s3.toString()).as("secrets never print").doesNotContain("s3cr3t").doesNotContain("AKIA0");
    assertThat(s3.layout()).isEqualTo(ObjectLayout.DEFAULT);
    assertThat(s3.maxObjectBytes()).isEqualTo(16L << 20);
    assertThat(s3.rollInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s3.delivery().maxInFlight()).isEqualTo(1024);
    assertThat(s3.store().accessKeyIdFile()).isEqualTo(Optional.empty());
  }

  static Stream<Arguments> problems() {
    return Stream.of(
        Arguments.of("s3 compression level out of range",
            "  - {name: a, type: s3, bucket: logs, compression_level: 0}\n",
            List.of("sinks[0].compression_level: must be between 1 and 19, got 0")),
        Arguments.of("s3 gzip level above 9", "  - {name: a, type: s3, bucket: logs, compression_level: 12}\n",
            List.of("sinks[0].compression_level: must be from 1 to 9 for compression gzip, not 12")),
        Arguments.of("s3 unknown compression", "  - {name: a, type: s3, bucket: logs, compression: brotli}\n",
            List.of("sinks[0].compression: expected one of gzip, zstd, got \"brotli\"")),
        Arguments.of("s3 zstd level above 19",
            "  - {name: a, type: s3, bucket: logs, compression: zstd, compression_level: 22}\n",
            List.of("sinks[0].compression_level: must be between 1 and 19, got 22")),
        Arguments.of("kafka without topic", "  - {name: k, type: kafka, bootstrap_servers: 'k:9092'}\n",
            List.of("sinks[0].topic: required")),
        Arguments.of("kafka bootstrap without port", "  - {name: k, type: kafka, bootstrap_servers: kafka, topic: t}\n",
            List.of("sinks[0].bootstrap_servers: must be host:port pairs separated by commas, got \"kafka\"")),
        Arguments.of("kafka unknown key", "  - {name: k, type: kafka, bootstrap_servers: 'k:9092', topic: t, key: node}\n",
            List.of("sinks[0].key: expected one of ray_cluster, pod, none, log_id, got \"node\"")),
        Arguments.of("sasl without user",
            "  - {name: k, type: kafka, bootstrap_servers: 'k:9092', topic: t, security_protocol: sasl_ssl,"
                + " sasl_password: pw}\n",
            List.of("sinks[0].sasl_username: required with security_protocol: sasl_ssl")),
        Arguments.of("sasl user on plaintext",
            "  - {name: k, type: kafka, bootstrap_servers: 'k:9092', topic: t, sasl_username: u, sasl_password: pw}\n",
            List.of("sinks[0].sasl_username: needs security_protocol: sasl_plaintext or sasl_ssl",
                "sinks[0].sasl_password: needs security_protocol: sasl_plaintext or sasl_ssl")),
        Arguments.of("tls ca without tls",
            "  - {name: k, type: kafka, bootstrap_servers: 'k:9092', topic: t, tls_ca_file: /ca.pem}\n",
            List.of("sinks[0].tls_ca_file: needs security_protocol: ssl or sasl_ssl")),
        Arguments.of("s3 without bucket", "  - {name: s, type: s3}\n", List.of("sinks[0].bucket: required")),
        Arguments.of("s3 bad bucket", "  - {name: s, type: s3, bucket: My_Bucket}\n",
            List.of("sinks[0].bucket: must be a bucket name: 3 to 63 lowercase letters, digits, . and -, got"
                + " \"My_Bucket\"")),
        Arguments.of("s3 layout mixing files", "  - {name: s, type: s3, bucket: logs, layout: '{namespace}/{pod}'}\n",
            List.of("sinks[0].layout: must contain {session} and {file}, so that every Ray log file has objects of"
                + " its own")),
        Arguments.of("s3 half a key pair", "  - {name: s, type: s3, bucket: logs, access_key_id: AKIA0}\n",
            List.of("sinks[0].secret_access_key: required with access_key_id")),
        Arguments.of("s3 a key both as value and file",
            "  - {name: s, type: s3, bucket: logs, access_key_id: AKIA0, secret_access_key: hush,"
                + " access_key_id_file: /k, secret_access_key_file: /s}\n",
            List.of("sinks[0].access_key_id_file: set either access_key_id or access_key_id_file, not both",
                "sinks[0].secret_access_key_file: set either secret_access_key or secret_access_key_file, not both")),
        Arguments.of("s3 roll interval too short", "  - {name: s, type: s3, bucket: logs, roll_interval: 10ms}\n",
            List.of("sinks[0].roll_interval: must be at least 1s, got 10ms")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("problems")
  void reportsTheProblemWithItsKeyPathAndNeverASecret(String name, String sinks, List<String> expected) {
    List<String> problems = files().problems(DISCOVERY + sinks);
    assertThat(problems).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(String.join("\n", problems)).doesNotContain("hush").doesNotContain("pw\"");
  }
}
