package io.raylog.sink.otlp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import io.raylog.config.SinkConfig;
import io.raylog.pipeline.JsonBytes;
import io.raylog.sink.RecordFields;
import io.raylog.sink.delivery.Outbound;
import io.raylog.sink.http.RequestEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OTLP/HTTP logs export: one ResourceLogs per distinct resource (pod, container, service), one ScopeLogs
 * ({@code raylog}), one LogRecord per record with its times, severity, body (the message) and attributes.
 * Protobuf through the official {@code opentelemetry-proto} classes, or OTLP's JSON mapping (lowerCamelCase keys,
 * 64-bit integers as strings, enums as numbers). Not thread-safe: one per sink.
 */
public final class OtlpLogsEncoder implements RequestEncoder {
  static final String SCOPE_NAME = "raylog";

  private final boolean protobuf;
  private final String serviceName;
  private final JsonBytes json = new JsonBytes(1 << 16);

  public OtlpLogsEncoder(SinkConfig.OtlpFormat format, String serviceName) {
    this.protobuf = format == SinkConfig.OtlpFormat.PROTOBUF;
    this.serviceName = serviceName;
  }

  @Override
  public String contentType() {
    return protobuf ? "application/x-protobuf" : "application/json";
  }

  @Override
  public ByteBuf encode(Outbound records, ByteBufAllocator alloc) {
    Map<List<OtlpFields.Attribute>, List<Integer>> byResource = new LinkedHashMap<>();
    for (int i = 0, n = records.size(); i < n; i++) {
      byResource.computeIfAbsent(OtlpFields.resource(records.get(i), serviceName), r -> new ArrayList<>()).add(i);
    }
    return protobuf ? protobuf(records, byResource, alloc) : json(records, byResource, alloc);
  }

  private static ByteBuf protobuf(Outbound records, Map<List<OtlpFields.Attribute>, List<Integer>> byResource,
      ByteBufAllocator alloc) {
    ExportLogsServiceRequest.Builder request = ExportLogsServiceRequest.newBuilder();
    InstrumentationScope scope = InstrumentationScope.newBuilder().setName(SCOPE_NAME).build();
    byResource.forEach((resource, positions) -> {
      Resource.Builder r = Resource.newBuilder();
      resource.forEach(attribute -> r.addAttributes(keyValue(attribute)));
      ScopeLogs.Builder scopeLogs = ScopeLogs.newBuilder().setScope(scope);
      for (int position : positions) {
        scopeLogs.addLogRecords(logRecord(records.get(position)));
      }
      request.addResourceLogs(ResourceLogs.newBuilder().setResource(r).addScopeLogs(scopeLogs));
    });
    ExportLogsServiceRequest message = request.build();
    ByteBuf out = alloc.directBuffer(message.getSerializedSize());
    try (ByteBufOutputStream stream = new ByteBufOutputStream(out)) {
      message.writeTo(stream);
    } catch (IOException e) {
      out.release();
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static LogRecord logRecord(io.raylog.pipeline.LogRecord record) {
    String severity = RecordFields.severity(record);
    LogRecord.Builder builder = LogRecord.newBuilder()
        .setTimeUnixNano(RecordFields.timeMillis(record) * 1_000_000L)
        .setObservedTimeUnixNano(RecordFields.observedMillis(record) * 1_000_000L)
        .setSeverityNumber(SeverityNumber.forNumber(OtlpFields.severityNumber(severity)))
        .setBody(AnyValue.newBuilder().setStringValue(record.message()));
    if (severity != null) {
      builder.setSeverityText(severity);
    }
    for (OtlpFields.Attribute attribute : OtlpFields.attributes(record)) {
      builder.addAttributes(keyValue(attribute));
    }
    return builder.build();
  }

  private static KeyValue keyValue(OtlpFields.Attribute attribute) {
    AnyValue value = attribute.isNumber() ? AnyValue.newBuilder().setIntValue(attribute.number()).build()
        : AnyValue.newBuilder().setStringValue(attribute.text()).build();
    return KeyValue.newBuilder().setKey(attribute.key()).setValue(value).build();
  }

  private ByteBuf json(Outbound records, Map<List<OtlpFields.Attribute>, List<Integer>> byResource,
      ByteBufAllocator alloc) {
    json.clear();
    json.raw("{\"resourceLogs\":[");
    boolean firstResource = true;
    for (Map.Entry<List<OtlpFields.Attribute>, List<Integer>> entry : byResource.entrySet()) {
      json.raw(firstResource ? "{\"resource\":{\"attributes\":" : ",{\"resource\":{\"attributes\":");
      firstResource = false;
      attributes(entry.getKey());
      json.raw("},\"scopeLogs\":[{\"scope\":{\"name\":").string(SCOPE_NAME).raw("},\"logRecords\":[");
      boolean firstRecord = true;
      for (int position : entry.getValue()) {
        io.raylog.pipeline.LogRecord record = records.get(position);
        json.raw(firstRecord ? "{" : ",{");
        firstRecord = false;
        json.raw("\"timeUnixNano\":\"").number(RecordFields.timeMillis(record)).raw("000000\"");
        json.raw(",\"observedTimeUnixNano\":\"").number(RecordFields.observedMillis(record)).raw("000000\"");
        String severity = RecordFields.severity(record);
        int number = OtlpFields.severityNumber(severity);
        if (number != 0) {
          json.raw(",\"severityNumber\":").number(number);
        }
        if (severity != null) {
          json.raw(",\"severityText\":").string(severity);
        }
        json.raw(",\"body\":{\"stringValue\":").string(record.message()).raw('}');
        json.raw(",\"attributes\":");
        attributes(OtlpFields.attributes(record));
        json.raw('}');
      }
      json.raw("]}]}");
    }
    json.raw("]}");
    ByteBuf out = alloc.directBuffer(json.length());
    out.writeBytes(json.array(), 0, json.length());
    json.shrinkTo(8 << 20);
    return out;
  }

  private void attributes(List<OtlpFields.Attribute> attributes) {
    json.raw('[');
    for (int i = 0; i < attributes.size(); i++) {
      OtlpFields.Attribute attribute = attributes.get(i);
      json.raw(i == 0 ? "{\"key\":" : ",{\"key\":").string(attribute.key());
      if (attribute.isNumber()) {
        json.raw(",\"value\":{\"intValue\":\"").number(attribute.number()).raw("\"}}");
      } else {
        json.raw(",\"value\":{\"stringValue\":").string(attribute.text()).raw("}}");
      }
    }
    json.raw(']');
  }
}
