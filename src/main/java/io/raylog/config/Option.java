package io.raylog.config;

import java.util.Objects;

/**
 * One configuration key holding a value: its type, its default, and what it does. Immutable; compared by
 * identity, so each option is declared exactly once, as a constant of the schema.
 *
 * @param defaultValue the value when the key is absent; null exactly when the option is required
 */
public record Option<T>(String key, ValueType<T> type, T defaultValue, String description) implements SchemaEntry {

  public Option {
    Objects.requireNonNull(key);
    Objects.requireNonNull(type);
    Objects.requireNonNull(description);
  }

  public static <T> Option<T> optional(String key, ValueType<T> type, T defaultValue, String description) {
    return new Option<>(key, type, Objects.requireNonNull(defaultValue, key), description);
  }

  /** An option naming one constant of an enum ({@link ChoiceType}); the enum is the default's. */
  public static <E extends Enum<E>> Option<E> choice(String key, E defaultValue, String description) {
    return optional(key, ChoiceType.of(defaultValue.getDeclaringClass()), defaultValue, description);
  }

  public static <T> Option<T> required(String key, ValueType<T> type, String description) {
    return new Option<>(key, type, null, description);
  }

  boolean required() {
    return defaultValue == null;
  }

  /** The default as the reference shows it. */
  String shownDefault() {
    return required() ? "required" : type.show(defaultValue);
  }

  // Identity: two options with the same key in different sections (e.g. "interval") must not be confused.
  @Override
  public boolean equals(Object other) {
    return this == other;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
