package io.raylog.config;

import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A string that may be empty, meaning "not set" ({@code host_root: ""}, {@code label_selector: ""}); when not
 * empty it must match a pattern.
 *
 * @param pattern what a non-empty text must match
 * @param patternInWords the pattern as the reference and problems explain it
 */
public record OptionalTextType(Pattern pattern, String patternInWords) implements ValueType<String> {

  public static OptionalTextType matching(String regex, String inWords) {
    return new OptionalTextType(Pattern.compile(regex), inWords);
  }

  @Override
  public String describe() {
    return "string, empty or " + patternInWords;
  }

  @Override
  public String read(JsonNode node, KeyPath path, Problems problems) {
    if (node.isNull()) {
      return "";
    }
    if (!node.isString()) {
      problems.add(path, "expected a string, got " + NodeText.describe(node));
      return null;
    }
    String text = node.stringValue().strip();
    if (!text.isEmpty() && !pattern.matcher(text).matches()) {
      problems.add(path, "must be empty or " + patternInWords + ", got " + NodeText.quote(text));
      return null;
    }
    return text;
  }

  @Override
  public String show(String value) {
    return value.isEmpty() ? "\"\"" : value;
  }
}
