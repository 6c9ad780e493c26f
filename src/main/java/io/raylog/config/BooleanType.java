package io.raylog.config;

import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * {@code true} or {@code false}. YAML 1.1's {@code yes}, {@code no}, {@code on} and {@code off} are rejected rather
 * than guessed at. A quoted {@code "true"} is accepted, as quoting is how environment references stay safe.
 */
public record BooleanType() implements ValueType<Boolean> {

  @Override
  public String describe() {
    return "boolean";
  }

  @Override
  public Boolean read(JsonNode node, KeyPath path, Problems problems) {
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isString()) {
      switch (node.stringValue().strip().toLowerCase(Locale.ROOT)) {
        case "true":
          return true;
        case "false":
          return false;
        default:
          break;
      }
    }
    problems.add(path, "expected true or false, got " + NodeText.describe(node));
    return null;
  }
}
