package io.raylog.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.raylog.route.RateLimit;
import io.raylog.route.Sample;

/**
 * The {@code sinks} list: the options every sink takes, and the sink types of the {@link SinkCatalog}, each with its
 * own options, declared beside the sink.
 */
public final class SinkSchema {

  private SinkSchema() {}

  public static final Option<String> NAME =
      Option.required(
          "name",
          TextType.matching("[a-z0-9_-]+", "lowercase letters, digits, _ and -"),
          "Names the sink in metrics, logs and checkpoints. Unique across sinks.");

  public static final Option<io.raylog.route.RecordFilter> FILTER =
      Option.optional(
          "filter",
          new FilterType(),
          io.raylog.route.RecordFilter.ALL,
          "Which records this sink takes, e.g. `severity >= ERROR` or `component in (raylet, gcs_server) and"
              + " namespace == prod`; the form is in [sinks.md](sinks.md#routing). The records it does not take count"
              + " as acknowledged by it, so they never hold back a checkpoint.");

  public static final Option<Optional<Sample>> SAMPLE =
      OptionalType.option(
          "sample",
          new SampleType(),
          "Keep one in `keep_one_in` of the records `filter` takes (every record without one), e.g."
              + " `{filter: 'severity <= DEBUG', keep_one_in: 10}`. The others are dropped for this sink, counted in"
              + " `raylog_sink_records_dropped_total{reason=\"sampled\"}` and acknowledged like records the sink's"
              + " `filter` does not take. See [sinks.md](sinks.md#budgets-rate-limits-and-sampling).");

  public static final Option<Optional<RateLimit>> RATE_LIMIT =
      OptionalType.option(
          "rate_limit",
          new RateLimitType(),
          "At most so many records (`lines_per_second`) or message bytes (`bytes_per_second`) a second for each"
              + " value of the field `key` (`job_id`, `namespace`, `labels.team`, …; records without it share one"
              + " limit), with bursts of `burst`, e.g. `{key: job_id, lines_per_second: 1000, burst: 2000}`. Records"
              + " over it are dropped for this sink, counted in"
              + " `raylog_sink_records_dropped_total{reason=\"rate_limit\"}`, logged with the keys that dropped most,"
              + " and acknowledged like records the sink's `filter` does not take. At most `max_keys` values are"
              + " tracked; more share one limit. See [sinks.md](sinks.md#budgets-rate-limits-and-sampling).");

  public static final List<SinkType> TYPES = SinkCatalog.load();

  public static final Option<SinkType> TYPE =
      Option.required("type", ChoiceType.named("sink type", byName(TYPES)), "Which kind of sink this is; see below.");

  public static final SinkList SINKS =
      new SinkList(
          "sinks",
          "Where records go. Required: at least one sink. Every record is sent to every sink whose `filter` takes"
              + " it, and a file's checkpoint advances only when every sink has acknowledged its records. How each"
              + " sink behaves and what it guarantees: [sinks.md](sinks.md).",
          List.of(NAME, TYPE, FILTER, SAMPLE, RATE_LIMIT),
          TYPE,
          TYPES);

  private static Map<String, SinkType> byName(List<SinkType> types) {
    Map<String, SinkType> byName = new LinkedHashMap<>();
    types.forEach(type -> byName.put(type.name(), type));
    return byName;
  }
}
