package io.raylog.sink.otlp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.raylog.record.JsonBytes;
import io.raylog.record.RecordFields;
import io.raylog.sink.Outbound;
import io.raylog.sink.http.RequestEncoder;
import io.raylog.sink.proto.ProtoWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OTLP/HTTP logs export: one ResourceLogs per distinct resource (pod, container, service), one ScopeLogs
 * ({@code raylog}), one LogRecord per record with its times, severity, body (the message) and attributes.
 * Protobuf as {@code opentelemetry-proto} defines it ({@link OtlpProtobufWriter}), or OTLP's JSON mapping
 * (lowerCamelCase keys, 64-bit integers as strings, enums as numbers). Not thread-safe: one per sink.
 */
public final class OtlpLogsEncoder implements RequestEncoder {
  static final String SCOPE_NAME = "raylog";

  private final boolean protobuf;
  private final String serviceName;
  private final JsonBytes json = new JsonBytes(1 << 16);
  private final OtlpProtobufWriter protobufWriter;

  public OtlpLogsEncoder(OtlpSinkConfig.Format format, String serviceName) {
    this.protobuf = format == OtlpSinkConfig.Format.PROTOBUF;
    this.serviceName = serviceName;
    this.protobufWriter = new OtlpProtobufWriter(serviceName);
  }

  @Override
  public String contentType() {
    return protobuf ? "application/x-protobuf" : "application/json";
  }

  @Override
  public ByteBuf encode(Outbound records, ByteBufAllocator alloc) {
    if (protobuf) {
      return protobuf(records, alloc);
    }
    Map<List<OtlpFields.Attribute>, List<Integer>> byResource = new LinkedHashMap<>();
    for (int i = 0, n = records.size(); i < n; i++) {
      byResource.computeIfAbsent(OtlpFields.resource(records.get(i), serviceName), r -> new ArrayList<>()).add(i);
    }
    return json(records, byResource, alloc);
  }

  private ByteBuf protobuf(Outbound records, ByteBufAllocator alloc) {
    ProtoWriter message = protobufWriter.write(records);
    ByteBuf out = alloc.directBuffer(message.length());
    out.writeBytes(message.array(), 0, message.length());
    message.shrinkTo(8 << 20);
    return out;
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
        io.raylog.record.LogRecord record = records.get(position);
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
        List<OtlpFields.Attribute> attributes = new ArrayList<>(OtlpFields.attributes(record));
        attributes.addAll(OtlpFields.parsedAttributes(record));
        attributes(attributes);
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
