package io.raylog.sink.otlp;

import io.raylog.record.LogRecord;
import io.raylog.record.RecordFields;
import io.raylog.record.SourceFile;
import io.raylog.sink.Outbound;
import io.raylog.sink.proto.ProtoWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code ExportLogsServiceRequest} of opentelemetry-proto written field by field into one reused array: sizes
 * first, then bytes, with the resource and the attributes that are the same for every record of a source file
 * encoded once per file. The same message the generated classes write, without an object per record (the tests
 * decode it with the generated classes).
 *
 * <pre>
 * ExportLogsServiceRequest{resource_logs=1} → ResourceLogs{resource=1, scope_logs=2}
 * Resource{attributes=1} ScopeLogs{scope=1, log_records=2} InstrumentationScope{name=1}
 * LogRecord{time_unix_nano=1 fixed64, severity_number=2, severity_text=3, body=5, attributes=6,
 *           observed_time_unix_nano=11 fixed64}
 * KeyValue{key=1, value=2} AnyValue{string_value=1, int_value=3}
 * </pre>
 *
 * <p>Not thread-safe: one per sink.
 */
final class OtlpProtobufWriter {
  private static final byte[] LOG_OFFSET = ProtoWriter.utf8("log.offset");
  private static final byte[] LOG_SPLIT = keyValue(ProtoWriter.utf8("log.split"), ProtoWriter.utf8("true"));

  private final ProtoWriter out = new ProtoWriter(1 << 16);
  private final String serviceName;
  private final byte[] scope;
  private int[] recordSize = new int[0];

  OtlpProtobufWriter(String serviceName) {
    this.serviceName = serviceName;
    ProtoWriter scopeWriter = new ProtoWriter(32);
    scopeWriter.stringField(1, ProtoWriter.utf8(OtlpLogsEncoder.SCOPE_NAME));
    this.scope = scopeWriter.toByteArray();
  }

  /** What is the same for every record of one source file: its resource and its attributes, encoded. */
  private record FileParts(ByteBuffer resource, byte[] attributes) {}

  /** The records of one resource, in order. */
  private static final class Group {
    final byte[] resource;
    final List<Integer> positions = new ArrayList<>();

    Group(byte[] resource) {
      this.resource = resource;
    }
  }

  ProtoWriter write(Outbound records) {
    int n = records.size();
    if (recordSize.length < n) {
      recordSize = new int[n];
    }
    IdentityHashMap<SourceFile, FileParts> files = new IdentityHashMap<>();
    Map<ByteBuffer, Group> groups = new LinkedHashMap<>();
    FileParts[] parts = new FileParts[n];
    byte[][] parsed = new byte[n][];
    for (int i = 0; i < n; i++) {
      LogRecord record = records.get(i);
      FileParts file = files.computeIfAbsent(record.source, s -> fileParts(record));
      parts[i] = file;
      parsed[i] = parsedAttributes(record);
      groups.computeIfAbsent(file.resource(), r -> new Group(r.array())).positions.add(i);
      recordSize[i] = logRecordSize(record, file.attributes()) + parsed[i].length;
    }
    out.clear();
    for (Group group : groups.values()) {
      int scopeLogsSize = ProtoWriter.sizeOfDelimited(1, scope.length);
      for (int position : group.positions) {
        scopeLogsSize += ProtoWriter.sizeOfDelimited(2, recordSize[position]);
      }
      int resourceLogsSize = ProtoWriter.sizeOfDelimited(1, group.resource.length)
          + ProtoWriter.sizeOfDelimited(2, scopeLogsSize);
      out.tag(1, ProtoWriter.LENGTH_DELIMITED).varint(resourceLogsSize); // resource_logs
      out.bytesField(1, group.resource, 0, group.resource.length); // ResourceLogs.resource
      out.tag(2, ProtoWriter.LENGTH_DELIMITED).varint(scopeLogsSize); // ResourceLogs.scope_logs
      out.bytesField(1, scope, 0, scope.length); // ScopeLogs.scope
      for (int position : group.positions) {
        out.tag(2, ProtoWriter.LENGTH_DELIMITED).varint(recordSize[position]); // ScopeLogs.log_records
        writeLogRecord(records.get(position), parts[position].attributes());
        out.raw(parsed[position], 0, parsed[position].length);
      }
    }
    return out;
  }

  private FileParts fileParts(LogRecord record) {
    ProtoWriter resource = new ProtoWriter(256);
    for (OtlpFields.Attribute attribute : OtlpFields.resource(record, serviceName)) {
      byte[] keyValue = keyValue(attribute);
      resource.bytesField(1, keyValue, 0, keyValue.length); // Resource.attributes
    }
    ProtoWriter attributes = new ProtoWriter(256);
    for (OtlpFields.Attribute attribute : OtlpFields.attributes(record)) {
      if (attribute.key().equals("log.offset") || attribute.key().equals("log.split")) {
        continue; // per record
      }
      byte[] keyValue = keyValue(attribute);
      attributes.bytesField(6, keyValue, 0, keyValue.length); // LogRecord.attributes
    }
    return new FileParts(ByteBuffer.wrap(resource.toByteArray()), attributes.toByteArray());
  }

  /** The attributes parsing found in the record's line, as LogRecord.attributes fields; empty when none. */
  private static byte[] parsedAttributes(LogRecord record) {
    List<OtlpFields.Attribute> attributes = OtlpFields.parsedAttributes(record);
    if (attributes.isEmpty()) {
      return EMPTY;
    }
    ProtoWriter fields = new ProtoWriter(64 * attributes.size());
    for (OtlpFields.Attribute attribute : attributes) {
      byte[] keyValue = keyValue(attribute);
      fields.bytesField(6, keyValue, 0, keyValue.length); // LogRecord.attributes
    }
    return fields.toByteArray();
  }

  private static final byte[] EMPTY = new byte[0];

  private static byte[] keyValue(OtlpFields.Attribute attribute) {
    byte[] key = ProtoWriter.utf8(attribute.key());
    if (attribute.isNumber()) {
      return keyValueOfNumber(key, attribute.number());
    }
    return keyValue(key, ProtoWriter.utf8(attribute.text()));
  }

  private static byte[] keyValue(byte[] key, byte[] text) {
    ProtoWriter kv = new ProtoWriter(key.length + text.length + 8);
    kv.stringField(1, key);
    kv.tag(2, ProtoWriter.LENGTH_DELIMITED).varint(ProtoWriter.sizeOfDelimited(1, text.length));
    kv.stringField(1, text); // AnyValue.string_value
    return kv.toByteArray();
  }

  private static byte[] keyValueOfNumber(byte[] key, long number) {
    ProtoWriter kv = new ProtoWriter(key.length + 16);
    kv.stringField(1, key);
    kv.tag(2, ProtoWriter.LENGTH_DELIMITED).varint(ProtoWriter.sizeOfTag(3) + ProtoWriter.sizeOfVarint(number));
    kv.tag(3, ProtoWriter.VARINT).varint(number); // AnyValue.int_value
    return kv.toByteArray();
  }

  private static int offsetKeyValueSize(long offset) {
    int value = ProtoWriter.sizeOfTag(3) + ProtoWriter.sizeOfVarint(offset);
    return ProtoWriter.sizeOfDelimited(1, LOG_OFFSET.length) + ProtoWriter.sizeOfDelimited(2, value);
  }

  private static int logRecordSize(LogRecord record, byte[] fileAttributes) {
    int size = 1 + 8 + 1 + 8; // time_unix_nano and observed_time_unix_nano (tags 1 and 11 take one byte each)
    String severity = RecordFields.severity(record);
    int number = OtlpFields.severityNumber(severity);
    if (number != 0) {
      size += 1 + ProtoWriter.sizeOfVarint(number);
    }
    if (severity != null) {
      size += ProtoWriter.sizeOfDelimited(3, severity.length()); // ASCII
    }
    size += ProtoWriter.sizeOfDelimited(5, ProtoWriter.sizeOfDelimited(1, RecordFields.messageLength(record)));
    size += fileAttributes.length;
    size += ProtoWriter.sizeOfDelimited(6, offsetKeyValueSize(record.offset));
    if (record.split) {
      size += ProtoWriter.sizeOfDelimited(6, LOG_SPLIT.length);
    }
    return size;
  }

  private void writeLogRecord(LogRecord record, byte[] fileAttributes) {
    out.tag(1, ProtoWriter.FIXED64).fixed64(RecordFields.timeMillis(record) * 1_000_000L);
    String severity = RecordFields.severity(record);
    int number = OtlpFields.severityNumber(severity);
    if (number != 0) {
      out.tag(2, ProtoWriter.VARINT).varint(number);
    }
    if (severity != null) {
      out.stringField(3, ProtoWriter.utf8(severity));
    }
    int messageLength = RecordFields.messageLength(record);
    out.tag(5, ProtoWriter.LENGTH_DELIMITED).varint(ProtoWriter.sizeOfDelimited(1, messageLength)); // body
    out.tag(1, ProtoWriter.LENGTH_DELIMITED).varint(messageLength); // AnyValue.string_value
    int at = out.reserve(messageLength); // first: reserving may grow the array
    RecordFields.copyMessage(record, out.array(), at);
    out.raw(fileAttributes, 0, fileAttributes.length);
    out.tag(6, ProtoWriter.LENGTH_DELIMITED).varint(offsetKeyValueSize(record.offset));
    out.stringField(1, LOG_OFFSET);
    out.tag(2, ProtoWriter.LENGTH_DELIMITED).varint(ProtoWriter.sizeOfTag(3) + ProtoWriter.sizeOfVarint(record.offset));
    out.tag(3, ProtoWriter.VARINT).varint(record.offset);
    if (record.split) {
      out.bytesField(6, LOG_SPLIT, 0, LOG_SPLIT.length);
    }
    out.tag(11, ProtoWriter.FIXED64).fixed64(RecordFields.observedMillis(record) * 1_000_000L);
  }
}
