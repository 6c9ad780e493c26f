package io.raylog.sink.webhook;

import io.raylog.config.SinkConfig;
import io.raylog.route.RecordFilter;
import java.net.URI;

/** POST each batch to {@code url}. */
public record HttpSinkConfig(String name, RecordFilter filter, SinkConfig.Budget budget, SinkConfig.Delivery delivery, SinkConfig.HttpClientSettings client, URI url,
    Format format) implements SinkConfig.OverHttp {
  public enum Format {
    NDJSON,
    JSON_ARRAY
  }
}
