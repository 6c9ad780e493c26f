package io.raylog.sink.kafka;

import static io.raylog.config.ByteSize.GIB;
import static io.raylog.config.ByteSize.MIB;

import io.raylog.config.DurationType;
import io.raylog.config.KeyPath;
import io.raylog.config.NetworkSinkSchema;
import io.raylog.config.Option;
import io.raylog.config.OptionalType;
import io.raylog.config.PathType;
import io.raylog.config.Problems;
import io.raylog.config.Secret;
import io.raylog.config.SecretType;
import io.raylog.config.SectionValues;
import io.raylog.config.SinkChecks;
import io.raylog.config.SinkType;
import io.raylog.config.SizeType;
import io.raylog.config.TextType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code kafka} sink's options. */
public final class KafkaSinkSchema {

  private KafkaSinkSchema() {}

  public static final Option<String> BOOTSTRAP_SERVERS =
      Option.required(
          "bootstrap_servers",
          TextType.matching("[^\\s,:]+:\\d{1,5}(,[^\\s,:]+:\\d{1,5})*", "host:port pairs separated by commas"),
          "Brokers to fetch the cluster's metadata from, e.g. `kafka-0.kafka:9092,kafka-1.kafka:9092`.");

  public static final Option<String> TOPIC =
      Option.required(
          "topic",
          TextType.matching("[a-zA-Z0-9._-]{1,249}", "a Kafka topic name (letters, digits, ., _ and -)"),
          "The topic every record is written to, one Kafka record per log record, its value the NDJSON line.");

  public static final Option<KafkaKey> KEY =
      Option.choice(
          "key",
          KafkaKey.POD,
          "The record key, which picks the partition: `pod` spreads a cluster over partitions and keeps each"
              + " file's records in order; `ray_cluster` keeps a cluster's records in one partition; `none` lets"
              + " the producer spread records with no order. When the pod or cluster is not known (static"
              + " discovery) the key is the Ray session. `log_id` keys each record by its stable id (`log.id`, also"
              + " in every record's `log.id` header): a compacted topic then keeps one copy of a record sent again"
              + " after a crash, but a file's records are spread over the partitions, out of order.");

  public static final Option<KafkaCompression> COMPRESSION =
      Option.choice(
          "compression",
          KafkaCompression.LZ4,
          "How the producer compresses record batches (the broker stores them as sent).");

  public static final Option<Duration> DELIVERY_TIMEOUT =
      Option.optional(
          "delivery_timeout",
          DurationType.atLeast(Duration.ofSeconds(1)),
          Duration.ofSeconds(30),
          "How long the producer tries a record (its own retries included) before reporting it failed; raylog"
              + " then sends it again after its backoff, without a limit.");

  public static final Option<Long> BUFFER_MEMORY =
      Option.optional(
          "buffer_memory",
          SizeType.between(MIB, GIB),
          32 * MIB,
          "The producer's buffer of records not yet acknowledged by the broker, on top of"
              + " `pipeline.memory_limit` (it holds copies, compressed).");

  public static final Option<KafkaSinkConfig.Protocol> SECURITY_PROTOCOL =
      Option.choice(
          "security_protocol",
          KafkaSinkConfig.Protocol.PLAINTEXT,
          "How the producer connects: `ssl` and `sasl_ssl` use TLS, `sasl_*` authenticate with SASL.");

  public static final Option<KafkaSinkConfig.SaslMechanism> SASL_MECHANISM =
      Option.choice(
          "sasl_mechanism",
          KafkaSinkConfig.SaslMechanism.PLAIN,
          "The SASL mechanism, with `security_protocol: sasl_plaintext` or `sasl_ssl`.");

  public static final Option<Optional<String>> SASL_USERNAME =
      OptionalType.option(
          "sasl_username",
          TextType.matching("[^\\s\"\\\\]+", "without whitespace, quotes or backslashes"),
          "The SASL user; the password comes from `sasl_password` or `sasl_password_file`.");

  public static final Option<Optional<Secret>> SASL_PASSWORD =
      OptionalType.option("sasl_password", new SecretType(), "The SASL password.");

  public static final Option<Optional<Path>> SASL_PASSWORD_FILE =
      OptionalType.option(
          "sasl_password_file",
          new PathType(),
          "A file holding the SASL password (a mounted Kubernetes Secret); read when the producer starts."
              + " Surrounding whitespace is ignored.");

  public static final Option<Optional<Path>> TLS_CA_FILE =
      OptionalType.option(
          "tls_ca_file",
          new PathType(),
          "PEM certificates of the authorities that sign the brokers' certificates, with `ssl` or `sasl_ssl`."
              + " Unset: the JVM's trusted authorities.");

  public static final SinkType TYPE =
      new SinkType(
          "kafka",
          "Records written to a Kafka topic by the kafka-clients producer, with `acks=all` and idempotence: a"
              + " batch is acknowledged only when the broker has acknowledged every record of it. A record the"
              + " broker will never take (larger than the topic allows) is counted and dead-lettered.",
          options(),
          values -> values.bind(KafkaSinkConfig.class),
          (sink, values, problems) -> check((KafkaSinkConfig) sink, values, problems));

  private static List<Option<?>> options() {
    List<Option<?>> options = new ArrayList<>(List.of(BOOTSTRAP_SERVERS, TOPIC, KEY, COMPRESSION, DELIVERY_TIMEOUT,
        BUFFER_MEMORY, SECURITY_PROTOCOL, SASL_MECHANISM, SASL_USERNAME, SASL_PASSWORD, SASL_PASSWORD_FILE,
        TLS_CA_FILE));
    options.addAll(NetworkSinkSchema.DELIVERY);
    return List.copyOf(options);
  }

  /** The rules between options of one kafka entry. */
  private static void check(KafkaSinkConfig sink, SectionValues values, Problems problems) {
    KeyPath path = values.path();
    KafkaSinkConfig.Security security = sink.security();
    boolean sasl = security.sasl();
    boolean tls = security.tls();
    SinkChecks.exclusive(values, problems, SASL_PASSWORD, SASL_PASSWORD_FILE);
    boolean password = values.has(SASL_PASSWORD.key()) || values.has(SASL_PASSWORD_FILE.key());
    if (sasl && !values.has(SASL_USERNAME.key())) {
      problems.add(path.child(SASL_USERNAME.key()), "required with security_protocol: " + SinkChecks.word(security.securityProtocol()));
    }
    if (sasl && !password) {
      problems.add(path.child(SASL_PASSWORD.key()),
          "required with security_protocol: " + SinkChecks.word(security.securityProtocol()) + " (or sasl_password_file)");
    }
    if (!sasl) {
      for (Option<?> option : List.of(SASL_USERNAME, SASL_PASSWORD, SASL_PASSWORD_FILE)) {
        if (values.has(option.key())) {
          problems.add(path.child(option.key()), "needs security_protocol: sasl_plaintext or sasl_ssl");
        }
      }
    }
    if (!tls && values.has(TLS_CA_FILE.key())) {
      problems.add(path.child(TLS_CA_FILE.key()), "needs security_protocol: ssl or sasl_ssl");
    }
  }
}
