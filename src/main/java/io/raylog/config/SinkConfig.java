package io.raylog.config;

import io.raylog.route.RateLimit;
import io.raylog.route.RecordFilter;
import io.raylog.route.Sample;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of {@code sinks:}: what every sink has. Each sink type has its own record, declared in its own package
 * ({@code io.raylog.sink.<type>}) beside the options that bind to it.
 */
public interface SinkConfig {

  /** The unique name of the sink, used in metrics, logs and checkpoints. */
  String name();

  /** Which records the sink takes; the others count as acknowledged by it. */
  RecordFilter filter();

  /** What the sink drops of the records its filter takes: {@code sample} and {@code rate_limit}. */
  Budget budget();

  /**
   * The local files the sink appends to, by the option that names each: two sinks appending to one file would
   * interleave and roll each other's output, so the configuration refuses it. An option left unset or invalid is
   * absent.
   */
  default Map<String, Path> filesWritten() {
    return Map.of();
  }

  /**
   * A sink's {@code sample} and {@code rate_limit}, written flat beside its {@code filter}; both unset by default.
   */
  record Budget(Optional<Sample> sample, Optional<RateLimit> rateLimit) {
    public static final Budget NONE = new Budget(Optional.empty(), Optional.empty());
  }

  /** A sink that talks to a backend over the network, with retries and dead letters. */
  interface Networked extends SinkConfig {
    Delivery delivery();

    @Override
    default Map<String, Path> filesWritten() {
      Map<String, Path> files = new LinkedHashMap<>();
      delivery().deadLetterPath().ifPresent(path -> files.put("dead_letter_path", path));
      return files;
    }
  }

  /** A sink that speaks HTTP. */
  interface OverHttp extends Networked {
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
}
