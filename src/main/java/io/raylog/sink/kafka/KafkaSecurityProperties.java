package io.raylog.sink.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.types.Password;

/**
 * The producer properties for TLS and SASL. The SASL password goes into {@code sasl.jaas.config} as a Kafka
 * {@link Password}, which the producer never prints (its configuration dump shows {@code [hidden]}). A password
 * file is read each time a producer is made. Pure apart from that read.
 */
public final class KafkaSecurityProperties {
  private KafkaSecurityProperties() {}

  public static Map<String, Object> of(KafkaSinkConfig.Security security) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("security.protocol", security.securityProtocol().name());
    if (security.sasl()) {
      String module = security.saslMechanism() == KafkaSinkConfig.SaslMechanism.PLAIN
          ? "org.apache.kafka.common.security.plain.PlainLoginModule"
          : "org.apache.kafka.common.security.scram.ScramLoginModule";
      p.put("sasl.mechanism", security.saslMechanism().name().replace('_', '-'));
      p.put("sasl.jaas.config", new Password(module + " required username=\"" + quoted(security.saslUsername().orElse(""))
          + "\" password=\"" + quoted(password(security)) + "\";"));
    }
    security.tlsCaFile().ifPresent(ca -> {
      p.put("ssl.truststore.type", "PEM");
      p.put("ssl.truststore.location", ca.toString());
    });
    return p;
  }

  private static String password(KafkaSinkConfig.Security security) {
    if (security.saslPassword().isPresent()) {
      return security.saslPassword().get().reveal();
    }
    if (security.saslPasswordFile().isPresent()) {
      try {
        return Files.readString(security.saslPasswordFile().get(), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        // The message names the file, never its content.
        throw new UncheckedIOException("cannot read sasl_password_file: " + e.getMessage(), e);
      }
    }
    return "";
  }

  /** Escapes a value for a JAAS option in double quotes. */
  static String quoted(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
