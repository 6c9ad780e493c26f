package io.raylog.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/** A list of distinct words from a fixed set, in the order written (Loki's stream labels). */
public record ChoiceListType(List<String> choices) implements ValueType<List<String>> {

  public ChoiceListType {
    choices = List.copyOf(choices);
  }

  @Override
  public String describe() {
    return "list of " + choices.stream().map(word -> "`" + word + "`").collect(Collectors.joining(", "));
  }

  @Override
  public List<String> read(JsonNode node, KeyPath path, Problems problems) {
    if (!node.isArray()) {
      problems.add(path, "expected a list such as [" + String.join(", ", choices) + "], got " + NodeText.describe(node));
      return null;
    }
    Set<String> words = new LinkedHashSet<>();
    boolean valid = true;
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      String word = item.isString() ? item.stringValue().strip() : null;
      if (word == null || !choices.contains(word)) {
        problems.add(path.item(i), "expected one of " + String.join(", ", choices) + ", got " + NodeText.describe(item));
        valid = false;
      } else if (!words.add(word)) {
        problems.add(path.item(i), "listed twice: " + word);
        valid = false;
      }
    }
    return valid ? List.copyOf(new ArrayList<>(words)) : null;
  }

  @Override
  public String show(List<String> value) {
    return "[" + String.join(", ", value) + "]";
  }
}
