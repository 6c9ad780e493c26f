package io.raylog.config;

import tools.jackson.databind.JsonNode;

/** How a YAML value is quoted back to the user in a problem: {@code "big"}, {@code 70000}, {@code a list}. */
final class NodeText {

  // Long values are cut: the problem must stay on one line and the user knows where to look.
  private static final int MAX_SHOWN_CHARS = 60;

  private NodeText() {}

  /**
   * The text of a value that must be a string; otherwise reports {@code expected <what>, got <the value>} and
   * returns null. The first step of every value type read from text.
   */
  static String string(JsonNode node, KeyPath path, Problems problems, String what) {
    if (!node.isString()) {
      problems.add(path, "expected " + what + ", got " + describe(node));
      return null;
    }
    return node.stringValue();
  }

  /** Parses a text into a value, or says why it cannot. */
  @FunctionalInterface
  interface Parser<T> {
    T parse(String text) throws InvalidValueException;
  }

  /**
   * The value of a string or number parsed by {@code parser} (a size, a duration); otherwise reports
   * {@code expected <what>, got <the value>}, with the parser's hint when it has one, and returns null.
   */
  static <T> T parsed(JsonNode node, KeyPath path, Problems problems, String what, Parser<T> parser) {
    String expected = "expected " + what + ", got " + describe(node);
    if (!node.isString() && !node.isNumber()) {
      problems.add(path, expected);
      return null;
    }
    try {
      return parser.parse(node.asString());
    } catch (InvalidValueException e) {
      problems.add(path, expected + e.hint().map(hint -> " (" + hint + ")").orElse(""));
      return null;
    }
  }

  static String describe(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return "an empty value";
    }
    if (node.isObject()) {
      return "a map";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isString()) {
      return quote(node.stringValue());
    }
    return node.asString();
  }

  static String quote(String text) {
    String shown = text.length() > MAX_SHOWN_CHARS ? text.substring(0, MAX_SHOWN_CHARS) + "…" : text;
    StringBuilder out = new StringBuilder(shown.length() + 2).append('"');
    for (char c : shown.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
      }
    }
    return out.append('"').toString();
  }
}
