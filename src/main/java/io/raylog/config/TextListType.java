package io.raylog.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A list of strings, each matching a pattern; the list may be empty ({@code []} turns a default list off).
 *
 * @param item what each element must match
 * @param itemInWords the pattern as the reference and problems explain it
 */
record TextListType(Pattern item, String itemInWords) implements ValueType<List<String>> {

  static TextListType matching(String regex, String inWords) {
    return new TextListType(Pattern.compile(regex), inWords);
  }

  @Override
  public String describe() {
    return "list of strings, each " + itemInWords;
  }

  @Override
  public List<String> read(JsonNode node, KeyPath path, Problems problems) {
    if (!node.isArray()) {
      problems.add(path, "expected a list such as [\"ray.io/*\"], got " + NodeText.describe(node));
      return null;
    }
    List<String> values = new ArrayList<>();
    boolean valid = true;
    for (int i = 0; i < node.size(); i++) {
      JsonNode element = node.get(i);
      if (!element.isString()) {
        problems.add(path.item(i), "expected a string, got " + NodeText.describe(element));
        valid = false;
      } else if (!item.matcher(element.stringValue()).matches()) {
        problems.add(path.item(i), "must be " + itemInWords + ", got " + NodeText.quote(element.stringValue()));
        valid = false;
      } else {
        values.add(element.stringValue());
      }
    }
    return valid ? List.copyOf(values) : null;
  }

  @Override
  public String show(List<String> value) {
    return String.join(", ", value.stream().map(v -> "\"" + v + "\"").toList()).transform(s -> "[" + s + "]");
  }
}
