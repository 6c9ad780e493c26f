package io.raylog.sink.otlp;

import io.raylog.config.NetworkSinkSchema;
import io.raylog.config.Option;
import io.raylog.config.SinkType;
import io.raylog.config.TextType;
import io.raylog.config.UrlType;
import java.net.URI;
import java.util.List;

/** The {@code otlp} sink's options and how they bind to its {@link OtlpSinkConfig}. Pure. */
public final class OtlpSinkSchema {

  private OtlpSinkSchema() {}

  public static final Option<URI> URL =
      Option.required(
          "url",
          new UrlType(),
          "The OTLP/HTTP logs endpoint, e.g. `http://otel-collector:4318/v1/logs`.");

  public static final Option<OtlpSinkConfig.Format> FORMAT =
      Option.choice(
          "format",
          OtlpSinkConfig.Format.PROTOBUF,
          "`protobuf` (`application/x-protobuf`) or `json` (`application/json`, OTLP's JSON mapping).");

  public static final Option<String> SERVICE_NAME =
      Option.optional(
          "service_name",
          TextType.word(),
          "ray",
          "The `service.name` resource attribute of every record.");

  public static final SinkType TYPE =
      new SinkType(
          "otlp",
          "OpenTelemetry logs over OTLP/HTTP, with resource attributes by the semantic conventions"
              + " (`k8s.namespace.name`, `k8s.pod.name`, …). A partial success is logged; its rejected count is"
              + " counted. See [sinks.md](sinks.md#otlp).",
          NetworkSinkSchema.networkOptions(
              List.of(URL, FORMAT, SERVICE_NAME)),
          values -> values.bind(OtlpSinkConfig.class));
}
