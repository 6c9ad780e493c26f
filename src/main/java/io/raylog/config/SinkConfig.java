package io.raylog.config;

import io.raylog.sink.route.RecordFilter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One entry of {@code sinks:}. A closed set: each sink type has its own record. */
public sealed interface SinkConfig
    permits SinkConfig.Stdout, SinkConfig.File, SinkConfig.Networked {

  /** The unique name of the sink, used in metrics, logs and checkpoints. */
  String name();

  /** Which records the sink takes; the others count as acknowledged by it. */
  RecordFilter filter();

  record Stdout(String name, RecordFilter filter) implements SinkConfig {
    public Stdout(String name) {
      this(name, RecordFilter.ALL);
    }
  }

  /**
   * NDJSON into a local file, rolled by size.
   *
   * @param maxFileBytes roll when the file would exceed this size; 0 never rolls
   * @param maxFiles how many rolled files to keep beside the active one
   * @param fsync whether a batch is fsynced before it is acknowledged
   */
  record File(String name, Path path, long maxFileBytes, int maxFiles, Fsync fsync, RecordFilter filter)
      implements SinkConfig {
    public File(String name, Path path, long maxFileBytes, int maxFiles, Fsync fsync) {
      this(name, path, maxFileBytes, maxFiles, fsync, RecordFilter.ALL);
    }
  }

  /** When the file sink forces its bytes to the disk. */
  enum Fsync {
    /** Acknowledge once write(2) returned: survives a raylog crash, not a machine crash. */
    NEVER,
    /** fsync every batch before acknowledging it: survives a machine crash, costs throughput. */
    BATCH
  }

  /** A sink that delivers through the asynchronous delivery stage (every network sink). */
  sealed interface Networked extends SinkConfig permits OverHttp, KafkaSinkConfig, S3SinkConfig,
      HistorySinkConfig {
    Delivery delivery();
  }

  /** A sink that speaks HTTP. */
  sealed interface OverHttp extends Networked permits Http, Loki, Elasticsearch, Otlp {
    URI url();

    HttpClientSettings client();
  }

  /**
   * What every network sink does with its batches, whatever its protocol.
   *
   * @param maxInFlight batches being sent or waiting for a retry at once
   * @param deadLetterPath where records the backend refused for good are written; empty: counted only
   */
  record Delivery(int maxInFlight, Duration retryInitialBackoff, Duration retryMaxBackoff,
      Optional<Path> deadLetterPath, long deadLetterMaxFileBytes) {}

  /**
   * How an HTTP sink connects and authenticates. Secrets are {@link Secret}s, which never print.
   *
   * @param connections keep-alive connections kept per sink (each carries one request at a time)
   */
  record HttpClientSettings(Duration connectTimeout, Duration requestTimeout, Compression compression,
      Optional<Path> tlsCaFile, Optional<Path> tlsCertFile, Optional<Path> tlsKeyFile, Optional<String> basicUser,
      Optional<Secret> basicPassword, Optional<Path> basicPasswordFile, Optional<Secret> bearerToken,
      Optional<Path> bearerTokenFile, Map<String, Secret> headers) {}

  enum Compression {
    NONE,
    GZIP,
    ZSTD
  }

  /** POST each batch to {@code url}. */
  record Http(String name, RecordFilter filter, Delivery delivery, HttpClientSettings client, URI url,
      HttpFormat format) implements OverHttp {}

  enum HttpFormat {
    NDJSON,
    JSON_ARRAY
  }

  /** Loki's push API. */
  record Loki(String name, RecordFilter filter, Delivery delivery, HttpClientSettings client, URI url,
      LokiFormat format, List<String> labels, List<String> structuredMetadata, Optional<String> tenantId)
      implements OverHttp {}

  enum LokiFormat {
    PROTOBUF,
    JSON
  }

  /** The _bulk API of Elasticsearch or OpenSearch. */
  record Elasticsearch(String name, RecordFilter filter, Delivery delivery, HttpClientSettings client, URI url,
      String index, boolean dataStream, Optional<String> pipeline) implements OverHttp {}

  /** OTLP/HTTP logs. */
  record Otlp(String name, RecordFilter filter, Delivery delivery, HttpClientSettings client, URI url,
      OtlpFormat format, String serviceName) implements OverHttp {}

  enum OtlpFormat {
    PROTOBUF,
    JSON
  }
}
