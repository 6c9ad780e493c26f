package io.raylog.config;

import io.raylog.route.RecordFilter;
import io.raylog.route.Sample;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A sink's {@code sample}: {@code {filter: 'severity == DEBUG', keep_one_in: 10}}; without {@code filter}, every
 * record is sampled. Every mistake is reported at its own key.
 */
record SampleType() implements ValueType<Sample> {
  static final List<String> KEYS = List.of("filter", "keep_one_in");
  private static final IntegerType KEEP_ONE_IN = IntegerType.atLeast(1);
  private static final FilterType FILTER = new FilterType();

  @Override
  public String describe() {
    return "map: filter (default: every record), keep_one_in";
  }

  @Override
  public Sample read(JsonNode node, KeyPath path, Problems problems) {
    int before = problems.size();
    if (!OptionMap.check(node, path, problems, KEYS, "{filter: 'severity == DEBUG', keep_one_in: 10}")) {
      return null;
    }
    RecordFilter filter = node.get("filter") == null ? RecordFilter.ALL
        : FILTER.read(node.get("filter"), path.child("filter"), problems);
    Integer keepOneIn = null;
    if (node.get("keep_one_in") == null) {
      problems.add(path.child("keep_one_in"), "required: keep one record in this many");
    } else {
      keepOneIn = KEEP_ONE_IN.read(node.get("keep_one_in"), path.child("keep_one_in"), problems);
    }
    return problems.size() > before || filter == null || keepOneIn == null ? null : new Sample(filter, keepOneIn);
  }
}
