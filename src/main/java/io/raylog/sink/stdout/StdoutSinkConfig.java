package io.raylog.sink.stdout;

import io.raylog.config.SinkConfig;
import io.raylog.route.RecordFilter;

public record StdoutSinkConfig(String name, RecordFilter filter, SinkConfig.Budget budget) implements SinkConfig {
  public StdoutSinkConfig(String name) {
    this(name, RecordFilter.ALL, SinkConfig.Budget.NONE);
  }
}
