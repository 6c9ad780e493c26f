package io.raylog.config;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The checks every option written as a small map shares ({@code rate_limit}, {@code sample}): that it is a map, and
 * that it holds only its own keys, each unknown one reported at its path. Pure.
 */
final class OptionMap {
  private OptionMap() {}

  /** Whether {@code node} is a map; reports a value that is not, and every key not in {@code keys}. */
  static boolean check(JsonNode node, KeyPath path, Problems problems, List<String> keys, String example) {
    if (!node.isObject()) {
      problems.add(path, "expected a map such as " + example + ", got " + NodeText.describe(node));
      return false;
    }
    for (String name : node.propertyNames()) {
      if (!keys.contains(name)) {
        problems.add(path.child(name), "unknown key (expected one of " + String.join(", ", keys) + ")");
      }
    }
    return true;
  }
}
