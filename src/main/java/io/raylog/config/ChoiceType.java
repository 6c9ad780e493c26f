package io.raylog.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * One of a fixed set of words, matched without case ({@code INFO} is {@code info}). The words are listed in the
 * reference and in the problem, in their declared order.
 *
 * @param noun what a choice is called in problems ("sink type"), or null for the plain "expected one of" wording
 * @param choices each word (lowercase) and the value it binds to
 */
public record ChoiceType<T>(String noun, Map<String, T> choices) implements ValueType<T> {

  public ChoiceType {
    choices = Collections.unmodifiableMap(new LinkedHashMap<>(choices));
  }

  /** The constants of an enum, written in lowercase. */
  public static <E extends Enum<E>> ChoiceType<E> of(Class<E> type) {
    Map<String, E> choices = new LinkedHashMap<>();
    for (E constant : type.getEnumConstants()) {
      choices.put(constant.name().toLowerCase(Locale.ROOT), constant);
    }
    return new ChoiceType<>(null, choices);
  }

  /** Words that bind to themselves. */
  public static ChoiceType<String> ofWords(String... words) {
    Map<String, String> choices = new LinkedHashMap<>();
    for (String word : words) {
      choices.put(word, word);
    }
    return new ChoiceType<>(null, choices);
  }

  public static <T> ChoiceType<T> named(String noun, Map<String, T> choices) {
    return new ChoiceType<>(noun, choices);
  }

  @Override
  public String describe() {
    return "one of " + choices.keySet().stream().map(word -> "`" + word + "`").collect(Collectors.joining(", "));
  }

  @Override
  public T read(JsonNode node, KeyPath path, Problems problems) {
    if (node.isString()) {
      T value = choices.get(node.stringValue().strip().toLowerCase(Locale.ROOT));
      if (value != null) {
        return value;
      }
      if (noun != null) {
        problems.add(
            path,
            "unknown " + noun + " " + NodeText.describe(node) + " (expected one of: " + words() + ")");
        return null;
      }
    }
    problems.add(path, "expected one of " + words() + ", got " + NodeText.describe(node));
    return null;
  }

  @Override
  public String show(T value) {
    return choices.entrySet().stream()
        .filter(choice -> choice.getValue().equals(value))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("not a choice: " + value));
  }

  private String words() {
    return String.join(", ", choices.keySet());
  }
}
