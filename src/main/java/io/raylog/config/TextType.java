package io.raylog.config;

import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A non-empty string matching a pattern. A plain YAML integer is taken as its text ({@code name: 1} is the name
 * "1"); other scalars are rejected, because YAML turns {@code 1e3} into 1000.0 and the user would not expect that.
 *
 * @param pattern what the whole text must match
 * @param patternInWords the pattern as the reference and problems explain it
 */
public record TextType(Pattern pattern, String patternInWords) implements ValueType<String> {

  private static final Pattern NO_WHITESPACE = Pattern.compile("\\S+");

  /** Any text without whitespace, for host names and addresses. */
  public static TextType word() {
    return new TextType(NO_WHITESPACE, "without whitespace");
  }

  public static TextType matching(String regex, String inWords) {
    return new TextType(Pattern.compile(regex), inWords);
  }

  @Override
  public String describe() {
    return "string, " + patternInWords;
  }

  @Override
  public String read(JsonNode node, KeyPath path, Problems problems) {
    if (!node.isString() && !node.isIntegralNumber()) {
      problems.add(path, "expected a string, got " + NodeText.describe(node));
      return null;
    }
    String text = node.asString();
    if (text.isEmpty()) {
      problems.add(path, "must not be empty");
      return null;
    }
    if (!pattern.matcher(text).matches()) {
      problems.add(path, "must be " + patternInWords + ", got " + NodeText.quote(text));
      return null;
    }
    return text;
  }

  @Override
  public String show(String value) {
    return value;
  }
}
