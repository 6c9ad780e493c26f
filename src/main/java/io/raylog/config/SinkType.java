package io.raylog.config;

import java.util.List;
import java.util.function.Function;

/**
 * One value of a sink's {@code type}: the options that type takes besides {@code name} and {@code type}, how they
 * bind to its {@link SinkConfig} record, and the rules between them. A sink type is declared beside its sink and
 * listed once in the {@link SinkCatalog}.
 *
 * @param bind builds the record from the values read for one entry of {@code sinks}
 * @param check the rules between the options of one entry, run after the common ones; reports into the problems
 */
public record SinkType(String name, String description, List<Option<?>> options,
    Function<SectionValues, SinkConfig> bind, Check check) {

  public SinkType {
    options = List.copyOf(options);
  }

  /** A type whose options have no rules between them beyond those of every sink. */
  public SinkType(String name, String description, List<Option<?>> options, Function<SectionValues, SinkConfig> bind) {
    this(name, description, options, bind, (sink, values, problems) -> {});
  }

  /** The rules between the options of one entry of a sink type. Pure. */
  @FunctionalInterface
  public interface Check {
    void check(SinkConfig sink, SectionValues values, Problems problems);
  }
}
