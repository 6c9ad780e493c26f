package io.raylog.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** HTTP headers to send: names as HTTP allows them, values kept as {@link Secret}s (they often carry API keys). */
record HeaderMapType() implements ValueType<Map<String, Secret>> {
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final SecretType VALUE = new SecretType();

  @Override
  public String describe() {
    return "map of header name to value (values are secrets)";
  }

  @Override
  public Map<String, Secret> read(JsonNode node, KeyPath path, Problems problems) {
    if (!node.isObject()) {
      problems.add(path, "expected a map such as {X-Api-Key: \"${API_KEY}\"}, got " + NodeText.describe(node));
      return null;
    }
    Map<String, Secret> headers = new LinkedHashMap<>();
    boolean valid = true;
    for (String name : node.propertyNames()) {
      if (!TOKEN.matcher(name).matches()) {
        problems.add(path.child(name), "not a valid header name");
        valid = false;
        continue;
      }
      Secret value = VALUE.read(node.get(name), path.child(name), problems);
      if (value == null) {
        valid = false;
      } else {
        headers.put(name, value);
      }
    }
    return valid ? Collections.unmodifiableMap(headers) : null;
  }

  @Override
  public String show(Map<String, Secret> value) {
    return value.isEmpty() ? "{}" : "{" + String.join(", ", value.keySet()) + "}";
  }
}
