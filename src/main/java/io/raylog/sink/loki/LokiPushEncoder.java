package io.raylog.sink.loki;

import com.google.protobuf.CodedOutputStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.raylog.config.SinkConfig;
import io.raylog.pipeline.JsonBytes;
import io.raylog.pipeline.LogRecord;
import io.raylog.pipeline.NdjsonEncoder;
import io.raylog.sink.RecordFields;
import io.raylog.sink.delivery.Outbound;
import io.raylog.sink.http.RequestEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.xerial.snappy.Snappy;

/**
 * Loki's push body. The line of each entry is the whole record as raylog's JSON (so nothing is lost and LogQL's
 * {@code | json} works); the stream labels are a few configured fields; other configured fields go into structured
 * metadata.
 *
 * <p>Protobuf follows Loki's {@code logproto/push.proto} (PushRequest → StreamAdapter{labels=1, entries=2} →
 * EntryAdapter{timestamp=1, line=2, structuredMetadata=3} → LabelPairAdapter{name=1, value=2}), written with
 * protobuf-java's {@link CodedOutputStream} and compressed with snappy's block format, as Promtail sends it. JSON is
 * Loki's {@code {"streams":[{"stream":{…},"values":[["<ns>","<line>",{…}]]}]}}.
 *
 * <p>Not thread-safe: one per sink, used on its event loop.
 */
public final class LokiPushEncoder implements RequestEncoder {
  private final boolean protobuf;
  private final LokiStreams streams;
  private final List<String> metadataNames;
  private final List<Function<LogRecord, String>> metadataReaders = new ArrayList<>();
  private final NdjsonEncoder encoder = new NdjsonEncoder();
  private final JsonBytes scratch = new JsonBytes(4096);
  private final JsonBytes json = new JsonBytes(1 << 16);

  public LokiPushEncoder(SinkConfig.LokiFormat format, List<String> labels, List<String> structuredMetadata) {
    this.protobuf = format == SinkConfig.LokiFormat.PROTOBUF;
    this.streams = new LokiStreams(labels);
    this.metadataNames = List.copyOf(structuredMetadata);
    for (String name : structuredMetadata) {
      metadataReaders.add(LokiFields.reader(name));
    }
  }

  @Override
  public String contentType() {
    return protobuf ? "application/x-protobuf" : "application/json";
  }

  @Override
  public ByteBuf encode(Outbound records, ByteBufAllocator alloc) {
    List<LokiStreams.Stream> grouped = streams.group(records);
    byte[] body = protobuf ? snappy(protobuf(records, grouped)) : json(records, grouped);
    ByteBuf out = alloc.directBuffer(body.length);
    out.writeBytes(body);
    json.shrinkTo(8 << 20);
    return out;
  }

  private byte[] line(LogRecord record) {
    scratch.clear();
    encoder.encode(record, scratch);
    byte[] line = java.util.Arrays.copyOf(scratch.array(), scratch.length() - 1); // without the newline
    scratch.shrinkTo(1 << 20);
    return line;
  }

  private List<String[]> metadata(LogRecord record) {
    List<String[]> pairs = new ArrayList<>(metadataNames.size());
    for (int i = 0; i < metadataNames.size(); i++) {
      String value = metadataReaders.get(i).apply(record);
      if (value != null && !value.isEmpty()) {
        pairs.add(new String[] {metadataNames.get(i), value});
      }
    }
    return pairs;
  }

  private byte[] protobuf(Outbound records, List<LokiStreams.Stream> grouped) {
    try {
      List<byte[]> streamMessages = new ArrayList<>(grouped.size());
      int total = 0;
      for (LokiStreams.Stream stream : grouped) {
        byte[] message = streamMessage(records, stream);
        streamMessages.add(message);
        total += CodedOutputStream.computeByteArraySize(1, message);
      }
      byte[] push = new byte[total];
      CodedOutputStream out = CodedOutputStream.newInstance(push);
      for (byte[] message : streamMessages) {
        out.writeByteArray(1, message); // PushRequest.streams
      }
      out.checkNoSpaceLeft();
      return push;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private byte[] streamMessage(Outbound records, LokiStreams.Stream stream) throws IOException {
    List<byte[]> entries = new ArrayList<>(stream.positions().size());
    int size = CodedOutputStream.computeStringSize(1, stream.labels());
    for (int position : stream.positions()) {
      byte[] entry = entryMessage(records.get(position));
      entries.add(entry);
      size += CodedOutputStream.computeByteArraySize(2, entry);
    }
    byte[] message = new byte[size];
    CodedOutputStream out = CodedOutputStream.newInstance(message);
    out.writeString(1, stream.labels()); // StreamAdapter.labels
    for (byte[] entry : entries) {
      out.writeByteArray(2, entry); // StreamAdapter.entries
    }
    out.checkNoSpaceLeft();
    return message;
  }

  private byte[] entryMessage(LogRecord record) throws IOException {
    long millis = RecordFields.timeMillis(record);
    long seconds = Math.floorDiv(millis, 1000);
    int nanos = (int) Math.floorMod(millis, 1000) * 1_000_000;
    int timestampSize = CodedOutputStream.computeInt64Size(1, seconds) + (nanos == 0 ? 0 : CodedOutputStream.computeInt32Size(2, nanos));
    byte[] line = line(record);
    List<String[]> metadata = metadata(record);
    int size = CodedOutputStream.computeTagSize(1) + CodedOutputStream.computeUInt32SizeNoTag(timestampSize) + timestampSize
        + CodedOutputStream.computeByteArraySize(2, line);
    int[] pairSizes = new int[metadata.size()];
    for (int i = 0; i < pairSizes.length; i++) {
      pairSizes[i] = CodedOutputStream.computeStringSize(1, metadata.get(i)[0]) + CodedOutputStream.computeStringSize(2, metadata.get(i)[1]);
      size += CodedOutputStream.computeTagSize(3) + CodedOutputStream.computeUInt32SizeNoTag(pairSizes[i]) + pairSizes[i];
    }
    byte[] message = new byte[size];
    CodedOutputStream out = CodedOutputStream.newInstance(message);
    out.writeTag(1, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED); // EntryAdapter.timestamp
    out.writeUInt32NoTag(timestampSize);
    out.writeInt64(1, seconds);
    if (nanos != 0) {
      out.writeInt32(2, nanos);
    }
    out.writeByteArray(2, line); // EntryAdapter.line
    for (int i = 0; i < pairSizes.length; i++) {
      out.writeTag(3, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED); // EntryAdapter.structuredMetadata
      out.writeUInt32NoTag(pairSizes[i]);
      out.writeString(1, metadata.get(i)[0]);
      out.writeString(2, metadata.get(i)[1]);
    }
    out.checkNoSpaceLeft();
    return message;
  }

  private static byte[] snappy(byte[] raw) {
    try {
      return Snappy.compress(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private byte[] json(Outbound records, List<LokiStreams.Stream> grouped) {
    json.clear();
    json.raw("{\"streams\":[");
    for (int s = 0; s < grouped.size(); s++) {
      LokiStreams.Stream stream = grouped.get(s);
      json.raw(s == 0 ? "{\"stream\":{" : ",{\"stream\":{");
      boolean first = true;
      for (Map.Entry<String, String> label : stream.labelMap().entrySet()) {
        json.raw(first ? "" : ",").string(label.getKey()).raw(':').string(label.getValue());
        first = false;
      }
      json.raw("},\"values\":[");
      for (int e = 0; e < stream.positions().size(); e++) {
        LogRecord record = records.get(stream.positions().get(e));
        json.raw(e == 0 ? "[\"" : ",[\"");
        json.number(RecordFields.timeMillis(record)).raw("000000\",");
        byte[] line = line(record);
        json.utf8String(line, 0, line.length);
        List<String[]> metadata = metadata(record);
        if (!metadata.isEmpty()) {
          json.raw(",{");
          for (int i = 0; i < metadata.size(); i++) {
            json.raw(i == 0 ? "" : ",").string(metadata.get(i)[0]).raw(':').string(metadata.get(i)[1]);
          }
          json.raw('}');
        }
        json.raw(']');
      }
      json.raw("]}");
    }
    json.raw("]}");
    return json.toByteArray();
  }
}
