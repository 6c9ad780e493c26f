package io.raylog.sink.testing;

import io.raylog.config.Secret;
import io.raylog.config.SinkConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Network sink settings for tests: short backoffs and timeouts, everything else as the defaults. */
public final class SinkConfigs {
  private SinkConfigs() {}

  public static SinkConfig.Delivery delivery(int maxInFlight, Path deadLetters) {
    return new SinkConfig.Delivery(maxInFlight, Duration.ofMillis(5), Duration.ofMillis(50),
        Optional.ofNullable(deadLetters), 0);
  }

  public static SinkConfig.HttpClientSettings client() {
    return client(SinkConfig.Compression.NONE, Duration.ofSeconds(5));
  }

  public static SinkConfig.HttpClientSettings client(SinkConfig.Compression compression, Duration requestTimeout) {
    return new SinkConfig.HttpClientSettings(Duration.ofSeconds(2), requestTimeout, compression, Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Map.<String, Secret>of());
  }
}
