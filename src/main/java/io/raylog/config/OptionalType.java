package io.raylog.config;

import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** An option that may be left out, with no default value: present means the inner type's value. */
public record OptionalType<T>(ValueType<T> inner) implements ValueType<Optional<T>> {

  public static <T> Option<Optional<T>> option(String key, ValueType<T> inner, String description) {
    return Option.optional(key, new OptionalType<>(inner), Optional.empty(), description);
  }

  @Override
  public String describe() {
    return inner.describe();
  }

  @Override
  public Optional<T> read(JsonNode node, KeyPath path, Problems problems) {
    T value = inner.read(node, path, problems);
    return value == null ? null : Optional.of(value);
  }

  @Override
  public String show(Optional<T> value) {
    return value.map(inner::show).orElse("unset");
  }
}
