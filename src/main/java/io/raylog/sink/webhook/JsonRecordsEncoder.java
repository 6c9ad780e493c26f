package io.raylog.sink.webhook;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.raylog.record.JsonBytes;
import io.raylog.record.NdjsonEncoder;
import io.raylog.sink.Outbound;
import io.raylog.sink.http.RequestEncoder;

/**
 * The {@code http} sink's body: the records in raylog's output schema, as NDJSON (what the file sink writes) or as
 * one JSON array. Not thread-safe: one per sink, used on its event loop.
 */
public final class JsonRecordsEncoder implements RequestEncoder {
  private static final int MAX_RETAINED_BYTES = 8 << 20;

  private final NdjsonEncoder encoder = new NdjsonEncoder();
  private final JsonBytes scratch = new JsonBytes(1 << 16);
  private final boolean array;

  public JsonRecordsEncoder(HttpSinkConfig.Format format) {
    this.array = format == HttpSinkConfig.Format.JSON_ARRAY;
  }

  @Override
  public ByteBuf encode(Outbound records, ByteBufAllocator alloc) {
    scratch.clear();
    if (array) {
      scratch.raw('[');
    }
    for (int i = 0, n = records.size(); i < n; i++) {
      if (array && i > 0) {
        scratch.raw(',');
      }
      encoder.encode(records.get(i), scratch);
      if (array) {
        scratch.truncate(scratch.length() - 1); // the record's newline
      }
    }
    if (array) {
      scratch.raw(']');
    }
    ByteBuf body = alloc.directBuffer(scratch.length());
    body.writeBytes(scratch.array(), 0, scratch.length());
    scratch.shrinkTo(MAX_RETAINED_BYTES);
    return body;
  }

  @Override
  public String contentType() {
    return array ? "application/json" : "application/x-ndjson";
  }
}
