package io.raylog.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code sinks} list: the options every sink takes, and each sink type with its own. */
final class SinkSchema {

  private SinkSchema() {}

  static final Option<String> NAME =
      Option.required(
          "name",
          TextType.matching("[a-z0-9_-]+", "lowercase letters, digits, _ and -"),
          "Names the sink in metrics, logs and checkpoints. Unique across sinks.");

  static final Option<io.raylog.sink.route.RecordFilter> FILTER =
      Option.optional(
          "filter",
          new FilterType(),
          io.raylog.sink.route.RecordFilter.ALL,
          "Which records this sink takes, e.g. `severity >= ERROR` or `component in (raylet, gcs_server) and"
              + " namespace == prod`; the form is in [sinks.md](sinks.md#routing). The records it does not take count"
              + " as acknowledged by it, so they never hold back a checkpoint.");

  static final Option<Path> FILE_PATH =
      Option.required(
          "path",
          new PathType(),
          "The file records are appended to. A relative path is resolved against raylog's working directory."
              + " Two sinks cannot write the same file.");

  static final Option<Long> FILE_MAX_FILE_BYTES =
      Option.optional(
          "max_file_bytes",
          SizeType.any(),
          0L,
          "Roll the file when the next batch would make it larger than this. `0` never rolls.");

  static final Option<Integer> FILE_MAX_FILES =
      Option.optional(
          "max_files",
          IntegerType.between(0, 10_000),
          5,
          "How many rolled files are kept beside the active one; older ones are deleted.");

  static final Option<SinkConfig.Fsync> FILE_FSYNC =
      Option.optional(
          "fsync",
          ChoiceType.of(SinkConfig.Fsync.class),
          SinkConfig.Fsync.NEVER,
          "`never`: a batch is acknowledged once written, which survives a crash of raylog but not of the machine."
              + " `batch`: every batch is fsynced before it is acknowledged, which survives a machine crash and"
              + " costs throughput.");

  static final SinkType STDOUT =
      new SinkType(
          "stdout",
          "NDJSON records on raylog's standard output, one per line: for trying raylog out, or for a runtime that"
              + " collects the container's output.",
          List.of(),
          values -> new SinkConfig.Stdout(values.get(NAME), values.get(FILTER)));

  static final SinkType FILE =
      new SinkType(
          "file",
          "NDJSON records appended to a local file, rolled by size.",
          List.of(FILE_PATH, FILE_MAX_FILE_BYTES, FILE_MAX_FILES, FILE_FSYNC),
          values ->
              new SinkConfig.File(
                  values.get(NAME),
                  values.get(FILE_PATH),
                  values.get(FILE_MAX_FILE_BYTES),
                  values.get(FILE_MAX_FILES),
                  values.get(FILE_FSYNC),
                  values.get(FILTER)));

  static final SinkType HTTP =
      new SinkType(
          "http",
          "Batches of records POSTed to an HTTP endpoint as NDJSON or a JSON array. A 2xx response acknowledges the"
              + " batch; connection errors, timeouts, 408, 429, 5xx (and 401, 403, 404, 407: a setup to fix, not bad"
              + " records) are retried; any other status rejects the batch. See [sinks.md](sinks.md#http).",
          NetworkSinkSchema.networkOptions(List.of(NetworkSinkSchema.HTTP_URL, NetworkSinkSchema.HTTP_FORMAT)),
          values ->
              new SinkConfig.Http(
                  values.get(NAME),
                  values.get(FILTER),
                  NetworkSinkSchema.delivery(values),
                  NetworkSinkSchema.client(values),
                  values.get(NetworkSinkSchema.HTTP_URL),
                  values.get(NetworkSinkSchema.HTTP_FORMAT)));

  static final SinkType LOKI =
      new SinkType(
          "loki",
          "Grafana Loki's push API. Records become entries of streams labelled by a few low-cardinality fields,"
              + " in time order within each stream. See [sinks.md](sinks.md#loki).",
          NetworkSinkSchema.networkOptions(
              List.of(NetworkSinkSchema.LOKI_URL, NetworkSinkSchema.LOKI_FORMAT, NetworkSinkSchema.LOKI_LABELS,
                  NetworkSinkSchema.LOKI_STRUCTURED_METADATA, NetworkSinkSchema.LOKI_TENANT_ID)),
          values ->
              new SinkConfig.Loki(
                  values.get(NAME),
                  values.get(FILTER),
                  NetworkSinkSchema.delivery(values),
                  NetworkSinkSchema.client(values),
                  values.get(NetworkSinkSchema.LOKI_URL),
                  values.get(NetworkSinkSchema.LOKI_FORMAT),
                  values.get(NetworkSinkSchema.LOKI_LABELS),
                  values.get(NetworkSinkSchema.LOKI_STRUCTURED_METADATA),
                  values.get(NetworkSinkSchema.LOKI_TENANT_ID)));

  static final SinkType ELASTICSEARCH =
      new SinkType(
          "elasticsearch",
          "The `_bulk` API of Elasticsearch or OpenSearch: one document per record. Items that fail with 429 or"
              + " 5xx are sent again (only them); the others that fail are rejected. `compression: zstd` is not"
              + " accepted. See [sinks.md](sinks.md#elasticsearch).",
          NetworkSinkSchema.networkOptions(
              List.of(NetworkSinkSchema.ES_URL, NetworkSinkSchema.ES_INDEX, NetworkSinkSchema.ES_DATA_STREAM,
                  NetworkSinkSchema.ES_PIPELINE)),
          values ->
              new SinkConfig.Elasticsearch(
                  values.get(NAME),
                  values.get(FILTER),
                  NetworkSinkSchema.delivery(values),
                  NetworkSinkSchema.client(values),
                  values.get(NetworkSinkSchema.ES_URL),
                  values.get(NetworkSinkSchema.ES_INDEX),
                  values.get(NetworkSinkSchema.ES_DATA_STREAM),
                  values.get(NetworkSinkSchema.ES_PIPELINE)));

  static final SinkType OTLP =
      new SinkType(
          "otlp",
          "OpenTelemetry logs over OTLP/HTTP, with resource attributes by the semantic conventions"
              + " (`k8s.namespace.name`, `k8s.pod.name`, …). A partial success is logged; its rejected count is"
              + " counted. See [sinks.md](sinks.md#otlp).",
          NetworkSinkSchema.networkOptions(
              List.of(NetworkSinkSchema.OTLP_URL, NetworkSinkSchema.OTLP_FORMAT, NetworkSinkSchema.OTLP_SERVICE_NAME)),
          values ->
              new SinkConfig.Otlp(
                  values.get(NAME),
                  values.get(FILTER),
                  NetworkSinkSchema.delivery(values),
                  NetworkSinkSchema.client(values),
                  values.get(NetworkSinkSchema.OTLP_URL),
                  values.get(NetworkSinkSchema.OTLP_FORMAT),
                  values.get(NetworkSinkSchema.OTLP_SERVICE_NAME)));

  static final List<SinkType> TYPES =
      List.of(STDOUT, FILE, HTTP, LOKI, ELASTICSEARCH, OTLP, KafkaSinkSchema.KAFKA, S3SinkSchema.S3,
          HistorySinkSchema.HISTORY);

  static final Option<SinkType> TYPE =
      Option.required("type", ChoiceType.named("sink type", byName(TYPES)), "Which kind of sink this is; see below.");

  static final SinkList SINKS =
      new SinkList(
          "sinks",
          "Where records go. Required: at least one sink. Every record is sent to every sink whose `filter` takes"
              + " it, and a file's checkpoint advances only when every sink has acknowledged its records. How each"
              + " sink behaves and what it guarantees: [sinks.md](sinks.md).",
          List.of(NAME, TYPE, FILTER),
          TYPE,
          TYPES);

  private static Map<String, SinkType> byName(List<SinkType> types) {
    Map<String, SinkType> byName = new LinkedHashMap<>();
    types.forEach(type -> byName.put(type.name(), type));
    return byName;
  }
}
