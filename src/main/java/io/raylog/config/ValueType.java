package io.raylog.config;

import tools.jackson.databind.JsonNode;

/**
 * How the YAML value of one option is read, checked and shown in the reference. A closed set, because the
 * reference must be able to explain every kind. Implementations are immutable and shared by every load.
 *
 * @param <T> the Java type the value binds to
 */
public sealed interface ValueType<T>
    permits SizeType, DurationType, IntegerType, BooleanType, TextType, PathType, PathListType, ChoiceType, ZoneType,
        OptionalTextType, TextListType, OptionalType, SecretType, UrlType, HeaderMapType, ChoiceListType,
        FilterType, RateLimitType, SampleType, RedactRulesType {

  /** The type column of the reference, e.g. {@code size, 4KiB to 64MiB}. */
  String describe();

  /**
   * Reads a value that is present in the file. When it is invalid, adds every problem with it and returns null.
   *
   * @param node the value; a YAML null when the key was given without a value
   */
  T read(JsonNode node, KeyPath path, Problems problems);

  /**
   * The value as a user would write it; the reference shows defaults this way. Its {@code toString} unless the type
   * writes values in a form of its own (sizes, durations, choices).
   */
  default String show(T value) {
    return value.toString();
  }
}
