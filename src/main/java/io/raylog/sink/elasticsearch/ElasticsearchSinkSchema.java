package io.raylog.sink.elasticsearch;

import io.raylog.config.BooleanType;
import io.raylog.config.NetworkSinkSchema;
import io.raylog.config.Option;
import io.raylog.config.OptionalType;
import io.raylog.config.Problems;
import io.raylog.config.SectionValues;
import io.raylog.config.SinkConfig;
import io.raylog.config.SinkType;
import io.raylog.config.TextType;
import io.raylog.config.UrlType;
import io.raylog.route.FilterSyntaxException;
import io.raylog.route.RecordKeys;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** The {@code elasticsearch} sink's options and how they bind to its {@link ElasticsearchSinkConfig}. Pure. */
public final class ElasticsearchSinkSchema {

  private ElasticsearchSinkSchema() {}

  public static final Option<URI> URL =
      Option.required(
          "url",
          new UrlType(),
          "The cluster's base URL, e.g. `https://es:9200`; raylog posts to `<url>/_bulk`. Elasticsearch 7+ and"
              + " OpenSearch 1+.");

  public static final Option<String> INDEX =
      Option.optional(
          "index",
          TextType.matching(
              // no look-ahead: the Helm chart's JSON Schema uses this pattern, and Go's regexp has none
              "(?:[a-z0-9]|%[YmdH]|\\{[A-Za-z0-9_./-]+\\})(?:[a-z0-9._+-]|%[YmdH]|\\{[A-Za-z0-9_./-]+\\})*",
              "a lowercase index name; `%Y`, `%m`, `%d` and `%H` stand for the record's UTC year, month, day and"
                  + " hour, `{field}` for a record field"),
          "raylog-%Y.%m.%d",
          "The index of each record, by the time of the record; or the data stream's name with `data_stream: true`."
              + " `{field}` is a record field as a filter names it (`namespace`, `ray_cluster`, `job_id`,"
              + " `labels.team`, …), e.g. `ray-{namespace}-{ray_cluster}-%Y.%m.%d`: one index per tenant from one"
              + " sink. A value is lowercased and characters an index name cannot hold become `_`; a record without"
              + " the field gets `unknown`. See [sinks.md](sinks.md#elasticsearch).");

  public static final Option<Boolean> DATA_STREAM =
      Option.optional(
          "data_stream",
          new BooleanType(),
          false,
          "Write to a data stream (`create` actions; `index` names the stream and may not hold a date pattern)."
              + " Every document has `@timestamp`.");

  public static final Option<Optional<String>> PIPELINE =
      OptionalType.option("pipeline", TextType.word(), "An ingest pipeline run on every document.");

  public static final Option<Optional<String>> AWS_REGION =
      OptionalType.option(
          "aws_region",
          TextType.matching("[a-z]{2}(?:-[a-z]+)+-[0-9]+", "an AWS region such as us-east-1"),
          "Sign every request with AWS Signature Version 4 for this region (Amazon OpenSearch Service, or Serverless"
              + " with `aws_service: aoss`). Credentials come from the AWS SDK's default chain: `AWS_ACCESS_KEY_ID` /"
              + " `AWS_SECRET_ACCESS_KEY` (/ `AWS_SESSION_TOKEN`), the container's or the instance's role.");

  public static final Option<AwsService> AWS_SERVICE =
      Option.choice(
          "aws_service",
          AwsService.ES,
          "The service the signature names: `es` (Amazon OpenSearch Service domains) or `aoss` (OpenSearch"
              + " Serverless collections). Needs `aws_region`.");

  /** The signing names of Amazon's OpenSearch services. */
  public enum AwsService {
    ES,
    AOSS
  }

  public static final SinkType TYPE =
      new SinkType(
          "elasticsearch",
          "The `_bulk` API of Elasticsearch or OpenSearch: one document per record. Items that fail with 429 or"
              + " 5xx are sent again (only them); the others that fail are rejected. `compression: zstd` is not"
              + " accepted. See [sinks.md](sinks.md#elasticsearch).",
          NetworkSinkSchema.networkOptions(
              List.of(URL, INDEX, DATA_STREAM,
                  PIPELINE, AWS_REGION, AWS_SERVICE)),
          values -> values.bind(ElasticsearchSinkConfig.class),
          (sink, values, problems) -> check((ElasticsearchSinkConfig) sink, values, problems));

  private static void check(ElasticsearchSinkConfig es, SectionValues values, Problems problems) {
    if (es.client().compression() == SinkConfig.Compression.ZSTD) {
      problems.add(values.path().child(NetworkSinkSchema.COMPRESSION.key()),
          "Elasticsearch does not accept zstd; use gzip");
    }
    if (es.index() != null) {
      for (String field : IndexPattern.fieldNames(es.index())) {
        try {
          RecordKeys.reader(field);
        } catch (FilterSyntaxException e) {
          problems.add(values.path().child(INDEX.key()), e.getMessage() + " in {" + field + "}");
        }
      }
    }
    if (es.dataStream() && es.index() != null && es.index().contains("%")) {
      problems.add(values.path().child(INDEX.key()),
          "a data stream's name cannot hold a date pattern; Elasticsearch rolls its backing indices");
    }
    if (es.awsRegion().isPresent()) {
      SinkConfig.HttpClientSettings client = es.client();
      if (client.basicUser().isPresent() || client.bearerToken().isPresent() || client.bearerTokenFile().isPresent()) {
        problems.add(values.path().child(AWS_REGION.key()),
            "AWS Signature Version 4 replaces basic and bearer authentication; set one of them");
      }
      client.headers().keySet().stream().filter(h -> h.equalsIgnoreCase("Authorization")).findFirst().ifPresent(h ->
          problems.add(values.path().child("headers").child(h), "conflicts with the AWS signature (aws_region)"));
    } else if (values.has(AWS_SERVICE.key())) {
      problems.add(values.path().child(AWS_SERVICE.key()), "needs aws_region");
    }
  }
}
