package io.raylog.sink.loki;

import io.raylog.config.ChoiceListType;
import io.raylog.config.NetworkSinkSchema;
import io.raylog.config.Option;
import io.raylog.config.OptionalType;
import io.raylog.config.Problems;
import io.raylog.config.SectionValues;
import io.raylog.config.SinkConfig;
import io.raylog.config.SinkType;
import io.raylog.config.TextType;
import io.raylog.config.UrlType;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** The {@code loki} sink's options and how they bind to its {@link LokiSinkConfig}. Pure. */
public final class LokiSinkSchema {

  private LokiSinkSchema() {}

  public static final Option<URI> URL =
      Option.required(
          "url", new UrlType(), "Loki's push endpoint, e.g. `http://loki-gateway/loki/api/v1/push`.");

  public static final Option<LokiSinkConfig.Format> FORMAT =
      Option.choice(
          "format",
          LokiSinkConfig.Format.PROTOBUF,
          "`protobuf`: snappy-compressed protobuf, as Promtail and Alloy send (`compression` must stay `none`)."
              + " `json`: Loki's JSON push body (`compression: gzip` allowed).");

  public static final List<String> LABEL_CHOICES =
      List.of("namespace", "ray_cluster", "node_type", "component", "node", "pod", "container", "session",
          "severity");

  public static final Option<List<String>> LABELS =
      Option.optional(
          "labels",
          new ChoiceListType(LABEL_CHOICES),
          List.of("namespace", "ray_cluster", "node_type", "component"),
          "Record fields that become stream labels (a field the record lacks is left out; with none at all the"
              + " stream is `{source=\"raylog\"}`). Keep the list short: every distinct combination is a Loki"
              + " stream. The line is the whole record as JSON, so every field stays queryable with `| json`.");

  public static final List<String> METADATA_CHOICES =
      List.of("namespace", "ray_cluster", "node_type", "component", "node", "pod", "pod_uid", "container", "session",
          "severity", "file", "job_id", "submission_id", "worker_id", "node_id", "actor_id", "actor_name", "task_id",
          "task_name", "request_id", "application", "deployment", "replica");

  public static final Option<List<String>> STRUCTURED_METADATA =
      Option.optional(
          "structured_metadata",
          new ChoiceListType(METADATA_CHOICES),
          List.of("job_id", "submission_id"),
          "Record fields also sent as structured metadata of each entry, when the record has them: searchable"
              + " (`{namespace=\"prod\"} | job_id=\"02000000\"`) without a stream per value, which is why the Ray ids"
              + " are offered here and not as labels. Needs Loki 3 (`allow_structured_metadata`, on by default"
              + " there); an older Loki refuses them: set `[]` for Loki 2.");

  public static final Option<Optional<String>> TENANT_ID =
      OptionalType.option(
          "tenant_id", TextType.word(), "Sent as `X-Scope-OrgID`, for a multi-tenant Loki.");

  public static final SinkType TYPE =
      new SinkType(
          "loki",
          "Grafana Loki's push API. Records become entries of streams labelled by a few low-cardinality fields,"
              + " in time order within each stream. See [sinks.md](sinks.md#loki).",
          NetworkSinkSchema.networkOptions(
              List.of(URL, FORMAT, LABELS,
                  STRUCTURED_METADATA, TENANT_ID)),
          values -> values.bind(LokiSinkConfig.class),
          (sink, values, problems) -> check((LokiSinkConfig) sink, values, problems));

  private static void check(LokiSinkConfig loki, SectionValues values, Problems problems) {
    SinkConfig.Compression compression = loki.client().compression();
    if (loki.format() == LokiSinkConfig.Format.PROTOBUF && compression != SinkConfig.Compression.NONE) {
      problems.add(values.path().child(NetworkSinkSchema.COMPRESSION.key()),
          "the protobuf format is always snappy-compressed; compression applies to format json only");
    }
    if (loki.format() == LokiSinkConfig.Format.JSON && compression == SinkConfig.Compression.ZSTD) {
      problems.add(values.path().child(NetworkSinkSchema.COMPRESSION.key()), "Loki does not accept zstd; use gzip");
    }
  }
}
