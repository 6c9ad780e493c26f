package io.raylog.config;

import io.raylog.route.FilterSyntaxException;
import io.raylog.route.RateLimit;
import io.raylog.route.RecordKeys;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A sink's {@code rate_limit}: {@code {key: job_id, lines_per_second: 1000, burst: 2000, max_keys: 1000}}, or
 * {@code bytes_per_second} in place of {@code lines_per_second}. Every mistake is reported at its own key.
 */
record RateLimitType() implements ValueType<RateLimit> {
  static final List<String> KEYS = List.of("key", "lines_per_second", "bytes_per_second", "burst", "max_keys");
  static final int DEFAULT_MAX_KEYS = 1000;
  private static final IntegerType RATE = IntegerType.atLeast(1);
  private static final IntegerType MAX_KEYS = IntegerType.between(1, 100_000);

  @Override
  public String describe() {
    return "map: key, lines_per_second or bytes_per_second, burst (default: one second's worth), max_keys"
        + " (default " + DEFAULT_MAX_KEYS + ")";
  }

  @Override
  public RateLimit read(JsonNode node, KeyPath path, Problems problems) {
    int before = problems.size();
    if (!OptionMap.check(node, path, problems, KEYS, "{key: job_id, lines_per_second: 1000}")) {
      return null;
    }
    String key = null;
    if (node.get("key") == null) {
      problems.add(path.child("key"), "required: the field whose values are limited apart, e.g. job_id");
    } else {
      key = NodeText.string(node.get("key"), path.child("key"), problems, "a field such as job_id");
      if (key != null) {
        try {
          RecordKeys.reader(key);
        } catch (FilterSyntaxException e) {
          problems.add(path.child("key"), e.getMessage());
        }
      }
    }
    JsonNode lines = node.get("lines_per_second");
    JsonNode bytes = node.get("bytes_per_second");
    Integer perSecond = null;
    if ((lines == null) == (bytes == null)) {
      problems.add(path, "give one of lines_per_second and bytes_per_second");
    } else {
      String rateKey = lines != null ? "lines_per_second" : "bytes_per_second";
      perSecond = RATE.read(lines != null ? lines : bytes, path.child(rateKey), problems);
    }
    Integer burst = node.get("burst") == null ? perSecond : RATE.read(node.get("burst"), path.child("burst"), problems);
    Integer maxKeys = node.get("max_keys") == null ? Integer.valueOf(DEFAULT_MAX_KEYS)
        : MAX_KEYS.read(node.get("max_keys"), path.child("max_keys"), problems);
    if (problems.size() > before || perSecond == null || burst == null || maxKeys == null) {
      return null;
    }
    return new RateLimit(key, lines != null ? RateLimit.Unit.LINES : RateLimit.Unit.BYTES, perSecond, burst, maxKeys);
  }
}
