package io.raylog.sink.stdout;

import io.raylog.config.SinkConfig;
import io.raylog.route.RecordFilter;

public record StdoutSinkConfig(String name, RecordFilter filter) implements SinkConfig {
  public StdoutSinkConfig(String name) {
    this(name, RecordFilter.ALL);
  }
}
