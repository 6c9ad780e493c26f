package io.raylog.sink.loki;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.raylog.record.JsonBytes;
import io.raylog.record.LogRecord;
import io.raylog.record.NdjsonEncoder;
import io.raylog.record.RecordFields;
import io.raylog.sink.Outbound;
import io.raylog.sink.http.RequestEncoder;
import io.raylog.sink.proto.ProtoWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.xerial.snappy.Snappy;

/**
 * Loki's push body. The line of each entry is the whole record as raylog's JSON (so nothing is lost and LogQL's
 * {@code | json} works), without {@code observed_time} when the record has a time of its own, so that a record sent
 * again after a crash is the same entry (stream, timestamp, line), which Loki drops; the stream labels are a few configured fields; other configured fields go into structured
 * metadata.
 *
 * <p>Protobuf follows Loki's {@code pkg/push/push.proto}: PushRequest{streams=1} → StreamAdapter{labels=1,
 * entries=2} → EntryAdapter{timestamp=1 (google.protobuf.Timestamp{seconds=1, nanos=2}), line=2,
 * structuredMetadata=3} → LabelPairAdapter{name=1, value=2}. It is written field by field into one reused array
 * (sizes first, then the bytes: no object per record), then compressed with snappy's block format, as Promtail
 * sends it. JSON is Loki's {@code {"streams":[{"stream":{…},"values":[["<ns>","<line>",{…}]]}]}}.
 *
 * <p>Not thread-safe: one per sink, used on its event loop.
 */
public final class LokiPushEncoder implements RequestEncoder {
  private static final int MAX_RETAINED_BYTES = 8 << 20;

  private final boolean protobuf;
  private final LokiStreams streams;
  private final List<String> metadataNames;
  private final List<Function<LogRecord, String>> metadataReaders = new ArrayList<>();
  /** Issue 19: a record read again after a crash gets the same line, which Loki drops as a duplicate. */
  private final NdjsonEncoder encoder = new NdjsonEncoder(true);
  /** The lines of a batch, one after the other; {@code lineEnd[p]} ends the line of position p. */
  private final JsonBytes lines = new JsonBytes(1 << 16);
  private int[] lineEnd = new int[0];
  private int[] entrySize = new int[0];
  private final ProtoWriter proto = new ProtoWriter(1 << 16);
  private final JsonBytes json = new JsonBytes(1 << 16);
  private byte[] compressed = new byte[0];

  public LokiPushEncoder(LokiSinkConfig.Format format, List<String> labels, List<String> structuredMetadata) {
    this.protobuf = format == LokiSinkConfig.Format.PROTOBUF;
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
    encodeLines(records);
    ByteBuf out;
    if (protobuf) {
      writeProtobuf(records, grouped);
      out = snappy(alloc);
      proto.shrinkTo(MAX_RETAINED_BYTES);
    } else {
      writeJson(records, grouped);
      out = alloc.directBuffer(json.length());
      out.writeBytes(json.array(), 0, json.length());
      json.shrinkTo(MAX_RETAINED_BYTES);
    }
    lines.shrinkTo(MAX_RETAINED_BYTES);
    return out;
  }

  private void encodeLines(Outbound records) {
    int n = records.size();
    if (lineEnd.length < n) {
      lineEnd = new int[n];
      entrySize = new int[n];
    }
    lines.clear();
    for (int i = 0; i < n; i++) {
      encoder.encode(records.get(i), lines);
      lines.truncate(lines.length() - 1); // the record's newline
      lineEnd[i] = lines.length();
    }
  }

  private int lineStart(int position) {
    return position == 0 ? 0 : lineEnd[position - 1];
  }

  private List<String[]> metadata(LogRecord record) {
    if (metadataNames.isEmpty()) {
      return List.of();
    }
    List<String[]> pairs = new ArrayList<>(metadataNames.size());
    for (int i = 0; i < metadataNames.size(); i++) {
      String value = metadataReaders.get(i).apply(record);
      if (value != null && !value.isEmpty()) {
        pairs.add(new String[] {metadataNames.get(i), value});
      }
    }
    return pairs;
  }

  private void writeProtobuf(Outbound records, List<LokiStreams.Stream> grouped) {
    proto.clear();
    List<List<byte[][]>> metadata = new ArrayList<>(records.size());
    for (int p = 0; p < records.size(); p++) {
      List<byte[][]> pairs = metadataNames.isEmpty() ? List.of() : new ArrayList<>();
      for (String[] pair : metadata(records.get(p))) {
        pairs.add(new byte[][] {ProtoWriter.utf8(pair[0]), ProtoWriter.utf8(pair[1])});
      }
      metadata.add(pairs);
      entrySize[p] = entrySize(records.get(p), lineEnd[p] - lineStart(p), pairs);
    }
    for (LokiStreams.Stream stream : grouped) {
      byte[] labels = ProtoWriter.utf8(stream.labels);
      int streamSize = ProtoWriter.sizeOfDelimited(1, labels.length);
      for (int e = 0; e < stream.size(); e++) {
        streamSize += ProtoWriter.sizeOfDelimited(2, entrySize[stream.position(e)]);
      }
      proto.tag(1, ProtoWriter.LENGTH_DELIMITED).varint(streamSize); // PushRequest.streams
      proto.stringField(1, labels); // StreamAdapter.labels
      for (int e = 0; e < stream.size(); e++) {
        int p = stream.position(e);
        proto.tag(2, ProtoWriter.LENGTH_DELIMITED).varint(entrySize[p]); // StreamAdapter.entries
        writeEntry(records.get(p), p, metadata.get(p));
      }
    }
  }

  private static int timestampSize(long seconds, int nanos) {
    return ProtoWriter.sizeOfTag(1) + ProtoWriter.sizeOfVarint(seconds)
        + (nanos == 0 ? 0 : ProtoWriter.sizeOfTag(2) + ProtoWriter.sizeOfVarint(nanos));
  }

  private static int entrySize(LogRecord record, int lineLength, List<byte[][]> metadata) {
    long millis = RecordFields.timeMillis(record);
    int size = ProtoWriter.sizeOfDelimited(1, timestampSize(Math.floorDiv(millis, 1000), nanosOf(millis)))
        + ProtoWriter.sizeOfDelimited(2, lineLength);
    for (byte[][] pair : metadata) {
      size += ProtoWriter.sizeOfDelimited(3, pairSize(pair));
    }
    return size;
  }

  private static int pairSize(byte[][] pair) {
    return ProtoWriter.sizeOfDelimited(1, pair[0].length) + ProtoWriter.sizeOfDelimited(2, pair[1].length);
  }

  private static int nanosOf(long millis) {
    return (int) Math.floorMod(millis, 1000L) * 1_000_000;
  }

  private void writeEntry(LogRecord record, int position, List<byte[][]> metadata) {
    long millis = RecordFields.timeMillis(record);
    long seconds = Math.floorDiv(millis, 1000);
    int nanos = nanosOf(millis);
    proto.tag(1, ProtoWriter.LENGTH_DELIMITED).varint(timestampSize(seconds, nanos)); // EntryAdapter.timestamp
    proto.tag(1, ProtoWriter.VARINT).varint(seconds);
    if (nanos != 0) {
      proto.tag(2, ProtoWriter.VARINT).varint(nanos);
    }
    int start = lineStart(position);
    proto.bytesField(2, lines.array(), start, lineEnd[position] - start); // EntryAdapter.line
    for (byte[][] pair : metadata) {
      proto.tag(3, ProtoWriter.LENGTH_DELIMITED).varint(pairSize(pair)); // EntryAdapter.structuredMetadata
      proto.stringField(1, pair[0]).stringField(2, pair[1]);
    }
  }

  private ByteBuf snappy(ByteBufAllocator alloc) {
    int bound = Snappy.maxCompressedLength(proto.length());
    if (compressed.length < bound) {
      compressed = new byte[bound];
    }
    try {
      int size = Snappy.rawCompress(proto.array(), 0, proto.length(), compressed, 0);
      ByteBuf out = alloc.directBuffer(size);
      out.writeBytes(compressed, 0, size);
      if (compressed.length > MAX_RETAINED_BYTES) {
        compressed = new byte[0];
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeJson(Outbound records, List<LokiStreams.Stream> grouped) {
    json.clear();
    json.raw("{\"streams\":[");
    for (int s = 0; s < grouped.size(); s++) {
      LokiStreams.Stream stream = grouped.get(s);
      json.raw(s == 0 ? "{\"stream\":{" : ",{\"stream\":{");
      boolean first = true;
      for (Map.Entry<String, String> label : stream.labelMap.entrySet()) {
        json.raw(first ? "" : ",").string(label.getKey()).raw(':').string(label.getValue());
        first = false;
      }
      json.raw("},\"values\":[");
      for (int e = 0; e < stream.size(); e++) {
        int p = stream.position(e);
        LogRecord record = records.get(p);
        json.raw(e == 0 ? "[\"" : ",[\"");
        json.number(RecordFields.timeMillis(record)).raw("000000\",");
        int start = lineStart(p);
        json.utf8String(lines.array(), start, lineEnd[p] - start);
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
  }
}
