package io.raylog.config;

import tools.jackson.databind.JsonNode;

/**
 * A secret written in the file, usually as {@code ${ENV_VAR}}. Problems never quote its value, and the reference
 * never shows one.
 */
public record SecretType() implements ValueType<Secret> {

  @Override
  public String describe() {
    return "secret string (write `${ENV_VAR}` to take it from the environment)";
  }

  @Override
  public Secret read(JsonNode node, KeyPath path, Problems problems) {
    if (!node.isString() && !node.isNumber()) {
      problems.add(path, "expected a string, got a " + (node.isNull() ? "null" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
      return null;
    }
    String text = node.asString();
    if (text.isEmpty()) {
      problems.add(path, "must not be empty");
      return null;
    }
    if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
      problems.add(path, "must not contain a line break");
      return null;
    }
    return new Secret(text);
  }
}
