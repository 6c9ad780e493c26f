package io.raylog.config;

import static io.raylog.config.ByteSize.MIB;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The options the network sinks share: what every one of them takes (delivery) and what every HTTP sink takes (the
 * client and its authentication). Each sink's own options are declared beside it ({@code io.raylog.sink.<type>}).
 */
public final class NetworkSinkSchema {

  private NetworkSinkSchema() {}

  // delivery: every network sink

  public static final Option<Integer> MAX_IN_FLIGHT =
      Option.optional(
          "max_in_flight",
          IntegerType.between(1, 256),
          4,
          "Batches being sent (or waiting for a retry) at once. More hides the backend's latency; each in-flight"
              + " batch holds memory within `pipeline.memory_limit`.");

  public static final Option<Duration> RETRY_INITIAL_BACKOFF =
      Option.optional(
          "retry_initial_backoff",
          DurationType.atLeast(Duration.ofMillis(1)),
          Duration.ofMillis(100),
          "The first retry of a failed send waits a random time up to this; each further retry doubles the bound"
              + " (full jitter). There is no limit on attempts: the files are the buffer.");

  public static final Option<Duration> RETRY_MAX_BACKOFF =
      Option.optional(
          "retry_max_backoff",
          DurationType.atLeast(Duration.ofMillis(1)),
          Duration.ofSeconds(30),
          "The cap of the retry delay, also for a server's `Retry-After`.");

  public static final Option<Optional<Path>> DEAD_LETTER_PATH =
      OptionalType.option(
          "dead_letter_path",
          new PathType(),
          "Records the backend refuses for good (a 400, a mapping error) are appended here, one JSON object per line"
              + " with the sink, the reason and the whole record. Unset: they are only counted"
              + " (`raylog_sink_records_rejected_total`) and logged at debug level.");

  public static final Option<Long> DEAD_LETTER_MAX_FILE_BYTES =
      Option.optional(
          "dead_letter_max_file_bytes",
          SizeType.any(),
          64 * MIB,
          "The dead-letter file is rolled into `<path>.1` beyond this size (one rolled file is kept). `0` never"
              + " rolls.");

  public static final List<Option<?>> DELIVERY =
      List.of(MAX_IN_FLIGHT, RETRY_INITIAL_BACKOFF, RETRY_MAX_BACKOFF, DEAD_LETTER_PATH, DEAD_LETTER_MAX_FILE_BYTES);

  // HTTP client and authentication: every HTTP sink

  public static final Option<Duration> CONNECT_TIMEOUT =
      Option.optional(
          "connect_timeout",
          DurationType.atLeast(Duration.ofMillis(1)),
          Duration.ofSeconds(10),
          "How long a new connection (TCP and TLS handshake) may take before the send is retried.");

  public static final Option<Duration> REQUEST_TIMEOUT =
      Option.optional(
          "request_timeout",
          DurationType.atLeast(Duration.ofMillis(1)),
          Duration.ofSeconds(30),
          "How long a request may wait for its whole response before the connection is closed and the send is"
              + " retried.");

  public static final Option<SinkConfig.Compression> COMPRESSION =
      Option.choice(
          "compression",
          SinkConfig.Compression.NONE,
          "Request body compression (`Content-Encoding`): `gzip` or `zstd` trade CPU for bandwidth. Not every"
              + " backend takes `zstd`; see each type.");

  public static final Option<Optional<Path>> TLS_CA_FILE =
      OptionalType.option(
          "tls_ca_file",
          new PathType(),
          "PEM certificates of the authorities that sign the server's certificate (a private CA). Unset: the JVM's"
              + " trusted authorities. Applies to https:// URLs.");

  public static final Option<Optional<Path>> TLS_CERT_FILE =
      OptionalType.option(
          "tls_cert_file",
          new PathType(),
          "PEM client certificate (chain) for mutual TLS; needs `tls_key_file`.");

  public static final Option<Optional<Path>> TLS_KEY_FILE =
      OptionalType.option(
          "tls_key_file", new PathType(), "PEM PKCS#8 private key of `tls_cert_file` (unencrypted).");

  public static final Option<Optional<String>> BASIC_USER =
      OptionalType.option(
          "basic_user",
          TextType.matching("[^:\\s]+", "without colons or whitespace"),
          "HTTP basic authentication: the user; the password comes from `basic_password` or `basic_password_file`.");

  public static final Option<Optional<Secret>> BASIC_PASSWORD =
      OptionalType.option("basic_password", new SecretType(), "HTTP basic authentication: the password.");

  public static final Option<Optional<Path>> BASIC_PASSWORD_FILE =
      OptionalType.option(
          "basic_password_file",
          new PathType(),
          "HTTP basic authentication: a file holding the password (a Kubernetes Secret mounted as a file);"
              + " read again when it changes. Surrounding whitespace is ignored.");

  public static final Option<Optional<Secret>> BEARER_TOKEN =
      OptionalType.option(
          "bearer_token", new SecretType(), "Sent as `Authorization: Bearer <token>`.");

  public static final Option<Optional<Path>> BEARER_TOKEN_FILE =
      OptionalType.option(
          "bearer_token_file",
          new PathType(),
          "A file holding the bearer token (a projected service-account token); read again when it changes, so a"
              + " rotated token is used without a restart. Surrounding whitespace is ignored.");

  public static final Option<Map<String, Secret>> HEADERS =
      Option.optional(
          "headers",
          new HeaderMapType(),
          Map.of(),
          "Extra request headers, e.g. `{X-Api-Key: \"${API_KEY}\"}`. Their values are treated as secrets: never"
              + " logged nor shown.");

  public static final List<Option<?>> HTTP_CLIENT =
      List.of(CONNECT_TIMEOUT, REQUEST_TIMEOUT, COMPRESSION, TLS_CA_FILE, TLS_CERT_FILE, TLS_KEY_FILE, BASIC_USER,
          BASIC_PASSWORD, BASIC_PASSWORD_FILE, BEARER_TOKEN, BEARER_TOKEN_FILE, HEADERS);

  // http

  // loki

  // elasticsearch

  // otlp

  public static List<Option<?>> networkOptions(List<Option<?>> own) {
    List<Option<?>> options = new ArrayList<>(own);
    options.addAll(DELIVERY);
    options.addAll(HTTP_CLIENT);
    return List.copyOf(options);
  }

  /**
   * The delivery options with a sink's own {@code max_in_flight} in place of the common one (a sink that holds
   * batches in open objects or files until they go up needs a higher bound).
   */
  public static List<Option<?>> deliveryWith(Option<Integer> maxInFlight) {
    List<Option<?>> options = new ArrayList<>(DELIVERY);
    options.set(options.indexOf(MAX_IN_FLIGHT), maxInFlight);
    return List.copyOf(options);
  }

  public static SinkConfig.Delivery delivery(SectionValues values) {
    return new SinkConfig.Delivery(values.get(MAX_IN_FLIGHT), values.get(RETRY_INITIAL_BACKOFF),
        values.get(RETRY_MAX_BACKOFF), values.get(DEAD_LETTER_PATH), values.get(DEAD_LETTER_MAX_FILE_BYTES));
  }

  public static SinkConfig.HttpClientSettings client(SectionValues values) {
    return new SinkConfig.HttpClientSettings(values.get(CONNECT_TIMEOUT), values.get(REQUEST_TIMEOUT),
        values.get(COMPRESSION), values.get(TLS_CA_FILE), values.get(TLS_CERT_FILE), values.get(TLS_KEY_FILE),
        values.get(BASIC_USER), values.get(BASIC_PASSWORD), values.get(BASIC_PASSWORD_FILE), values.get(BEARER_TOKEN),
        values.get(BEARER_TOKEN_FILE), values.get(HEADERS));
  }
}
