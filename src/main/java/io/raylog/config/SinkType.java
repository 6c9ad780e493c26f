package io.raylog.config;

import java.util.List;
import java.util.function.Function;

/**
 * One value of a sink's {@code type}: the options that type takes besides {@code name} and {@code type}, and how
 * they bind to its {@link SinkConfig} record. Adding a sink type is adding one of these to {@link SinkSchema}.
 *
 * @param bind builds the record from the values read for one entry of {@code sinks}
 */
record SinkType(String name, String description, List<Option<?>> options, Function<SectionValues, SinkConfig> bind) {

  SinkType {
    options = List.copyOf(options);
  }
}
