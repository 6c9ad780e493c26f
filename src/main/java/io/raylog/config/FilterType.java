package io.raylog.config;

import io.raylog.route.FilterExpression;
import io.raylog.route.FilterSyntaxException;
import io.raylog.route.RecordFilter;
import tools.jackson.databind.JsonNode;

/** A sink's routing filter, in the expression form of {@link FilterExpression}; unset routes every record. */
record FilterType() implements ValueType<RecordFilter> {

  @Override
  public String describe() {
    return "filter expression";
  }

  @Override
  public RecordFilter read(JsonNode node, KeyPath path, Problems problems) {
    String text = NodeText.string(node, path, problems, "a filter such as \"severity >= ERROR\"");
    if (text == null) {
      return null;
    }
    try {
      return FilterExpression.parse(text);
    } catch (FilterSyntaxException e) {
      problems.add(path, e.getMessage());
      return null;
    }
  }

  @Override
  public String show(RecordFilter value) {
    return value == RecordFilter.ALL ? "every record" : value.toString();
  }
}
