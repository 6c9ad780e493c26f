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
          "The OTLP endpoint: over HTTP the logs URL, e.g. `http://otel-collector:4318/v1/logs`; over gRPC the"
              + " server, e.g. `http://otel-collector:4317` (cleartext HTTP/2) or `https://otel-collector:4317`"
              + " (TLS); a path is ignored.");

  public static final Option<OtlpSinkConfig.Protocol> PROTOCOL =
      Option.choice(
          "protocol",
          OtlpSinkConfig.Protocol.HTTP,
          "`http` (OTLP/HTTP, the Collector's port 4318) or `grpc` (OTLP/gRPC, `LogsService/Export`, the Collector's"
              + " port 4317; `format: protobuf` only; `compression` is gRPC's message compression).");

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
          "OpenTelemetry logs over OTLP/HTTP or OTLP/gRPC, with resource attributes by the semantic conventions"
              + " (`k8s.namespace.name`, `k8s.pod.name`, …). A partial success is logged; its rejected count is"
              + " counted. See [sinks.md](sinks.md#otlp).",
          NetworkSinkSchema.networkOptions(
              List.of(URL, PROTOCOL, FORMAT, SERVICE_NAME)),
          values -> values.bind(OtlpSinkConfig.class),
          (sink, values, problems) -> {
            OtlpSinkConfig otlp = (OtlpSinkConfig) sink;
            if (otlp.protocol() == OtlpSinkConfig.Protocol.GRPC && otlp.format() == OtlpSinkConfig.Format.JSON) {
              problems.add(values.path().child(FORMAT.key()), "must be protobuf with protocol: grpc (gRPC carries"
                  + " protobuf only)");
            }
          });
}
