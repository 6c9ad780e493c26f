package io.raylog.sink.kafka;

import io.raylog.config.Secret;
import io.raylog.config.SinkConfig;
import io.raylog.route.RecordFilter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A {@code kafka} sink: every record as one Kafka record of {@code topic}, its value the NDJSON line.
 *
 * @param bootstrapServers {@code host:port} pairs, comma-separated
 * @param deliveryTimeout how long the producer tries one record before reporting it failed (raylog then retries)
 * @param bufferMemoryBytes the producer's buffer of records not yet acknowledged by the broker
 * @param security how the producer connects and authenticates
 */
public record KafkaSinkConfig(
    String name,
    RecordFilter filter, SinkConfig.Budget budget,
    SinkConfig.Delivery delivery,
    String bootstrapServers,
    String topic,
    KafkaKey key,
    KafkaCompression compression,
    Duration deliveryTimeout,
    long bufferMemoryBytes,
    Security security)
    implements SinkConfig.Networked {

  /**
   * TLS and SASL. Secrets are {@link Secret}s, which never print.
   *
   * @param securityProtocol how the producer connects: plaintext or TLS, with or without SASL
   * @param tlsCaFile PEM certificates of the authorities that sign the brokers' certificates; empty: the JVM's
   */
  public record Security(
      Protocol securityProtocol,
      SaslMechanism saslMechanism,
      Optional<String> saslUsername,
      Optional<Secret> saslPassword,
      Optional<Path> saslPasswordFile,
      Optional<Path> tlsCaFile) {

    /** Whether the producer authenticates with SASL. */
    public boolean sasl() {
      return securityProtocol == Protocol.SASL_PLAINTEXT || securityProtocol == Protocol.SASL_SSL;
    }

    /** Whether the producer connects with TLS. */
    public boolean tls() {
      return securityProtocol == Protocol.SSL || securityProtocol == Protocol.SASL_SSL;
    }

    public static final Security PLAINTEXT = new Security(Protocol.PLAINTEXT, SaslMechanism.PLAIN, Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Kafka's {@code security.protocol}. */
  public enum Protocol {
    PLAINTEXT,
    SSL,
    SASL_PLAINTEXT,
    SASL_SSL
  }

  /** Kafka's {@code sasl.mechanism}. */
  public enum SaslMechanism {
    PLAIN,
    SCRAM_SHA_256,
    SCRAM_SHA_512
  }
}
