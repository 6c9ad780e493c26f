package io.raylog.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.config.Secret;
import io.raylog.sink.kafka.KafkaSinkConfig.Protocol;
import io.raylog.sink.kafka.KafkaSinkConfig.SaslMechanism;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaProducerSettingsTest {
  @TempDir Path dir;

  @Test
  void theDeliveryGuaranteesAreAlwaysOnAndTheTimeoutsFitTogether() {
    Map<String, Object> p = new KafkaProducerSettings("k:9092", "t", KafkaKey.POD, KafkaCompression.ZSTD,
        Duration.ofSeconds(2), 1 << 20, KafkaProducerSettings.maxRequestBytes(1 << 20), "raylog-bus", Map.of())
        .producerProperties();
    assertThat(p).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
        .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd")
        .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2000)
        .containsEntry(ProducerConfig.BUFFER_MEMORY_CONFIG, 1L << 20);
    int request = (int) p.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
    long linger = (long) p.get(ProducerConfig.LINGER_MS_CONFIG);
    assertThat(request + linger).as("the producer refuses request.timeout + linger > delivery.timeout")
        .isLessThanOrEqualTo(2000);
  }

  @Test
  void requestsFitTheLargestRecordRaylogMakesButNeverExceedTheProducersBuffer() {
    int fits = KafkaProducerSettings.maxRequestBytes(1 << 20);
    assertThat(fits).as("a 1 MiB message of control characters, escaped, and the other fields")
        .isGreaterThan(6 << 20);
    Map<String, Object> roomy = new KafkaProducerSettings("k:9092", "t", KafkaKey.POD, KafkaCompression.LZ4,
        Duration.ofSeconds(30), 32 << 20, fits, "raylog-bus", Map.of()).producerProperties();
    assertThat(roomy).containsEntry(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, fits);
    Map<String, Object> small = new KafkaProducerSettings("k:9092", "t", KafkaKey.POD, KafkaCompression.LZ4,
        Duration.ofSeconds(30), 4 << 20, fits, "raylog-bus", Map.of()).producerProperties();
    assertThat(small).as("the producer refuses anything larger than its buffer anyway")
        .containsEntry(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 << 20);
    assertThat(KafkaProducerSettings.maxRequestBytes(1L << 30)).isEqualTo(Integer.MAX_VALUE - 1);
  }

  @Test
  void saslGoesIntoAHiddenJaasConfigWithItsValuesQuotedAndAPasswordFileIsRead() throws Exception {
    Path passwordFile = Files.writeString(dir.resolve("password"), " pa\"ss\\word \n");
    KafkaSinkConfig.Security security = new KafkaSinkConfig.Security(Protocol.SASL_SSL, SaslMechanism.SCRAM_SHA_512,
        Optional.of("ray"), Optional.empty(), Optional.of(passwordFile), Optional.of(Path.of("/etc/ca.pem")));
    Map<String, Object> p = KafkaSecurityProperties.of(security);
    assertThat(p).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("ssl.truststore.type", "PEM")
        .containsEntry("ssl.truststore.location", "/etc/ca.pem");
    Password jaas = (Password) p.get("sasl.jaas.config");
    assertThat(jaas.value()).isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule required"
        + " username=\"ray\" password=\"pa\\\"ss\\\\word\";");
    assertThat(jaas.toString()).doesNotContain("pa");
  }

  @Test
  void plaintextSetsNoCredentials() {
    assertThat(KafkaSecurityProperties.of(KafkaSinkConfig.Security.PLAINTEXT))
        .containsExactly(Map.entry("security.protocol", "PLAINTEXT"));
    KafkaSinkConfig.Security plain = new KafkaSinkConfig.Security(Protocol.SASL_PLAINTEXT, SaslMechanism.PLAIN,
        Optional.of("u"), Optional.of(new Secret("p")), Optional.empty(), Optional.empty());
    assertThat(((Password) KafkaSecurityProperties.of(plain).get("sasl.jaas.config")).value())
        .startsWith("org.apache.kafka.common.security.plain.PlainLoginModule required");
  }
}
