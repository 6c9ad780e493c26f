package io.raylog.sink.elasticsearch;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.raylog.record.JsonBytes;
import io.raylog.record.LogRecord;
import io.raylog.record.NdjsonEncoder;
import io.raylog.record.RecordFields;
import io.raylog.record.Timestamps;
import io.raylog.sink.Outbound;
import io.raylog.sink.http.RequestEncoder;

/**
 * The {@code _bulk} body of Elasticsearch and OpenSearch: per record, a {@code create} action naming its index (or
 * data stream) and the record as raylog's JSON plus {@code @timestamp} (data streams require it; Kibana and
 * OpenSearch Dashboards use it). Issue 19: a record with an id ({@code log.id}) is created under it as {@code _id},
 * so that a batch sent again after a crash or a lost answer is refused item by item with a 409 (the
 * {@link BulkResponseReader} counts it as delivered) instead of indexed twice. Item {@code i} of the response answers
 * record {@code i}. Not thread-safe: one per sink.
 */
public final class BulkEncoder implements RequestEncoder {
  private static final int MAX_RETAINED_BYTES = 8 << 20;
  private static final byte[] ID = ",\"_id\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] ACTION_END = "}}\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final IndexPattern index;
  private final NdjsonEncoder encoder = new NdjsonEncoder();
  private final Timestamps timestamps = new Timestamps();
  private final JsonBytes body = new JsonBytes(1 << 16);
  private String lastIndex;
  private byte[] lastAction;

  public BulkEncoder(String indexPattern) {
    this.index = new IndexPattern(indexPattern);
  }

  @Override
  public ByteBuf encode(Outbound records, ByteBufAllocator alloc) {
    body.clear();
    for (int i = 0, n = records.size(); i < n; i++) {
      LogRecord r = records.get(i);
      long millis = RecordFields.timeMillis(r);
      body.raw(action(index.indexFor(r, millis)));
      if (r.idSeed != null) {
        body.raw(ID);
        r.idSeed.write(r.offset, r.endOffset, body);
        body.raw('"');
      }
      body.raw(ACTION_END);
      encoder.encode(r, body);
      // the record's closing brace and newline make way for @timestamp: no second copy of the document
      body.truncate(body.length() - 2);
      body.raw(",\"@timestamp\":");
      timestamps.write(millis, body);
      body.raw("}\n");
    }
    ByteBuf out = alloc.directBuffer(body.length());
    out.writeBytes(body.array(), 0, body.length());
    body.shrinkTo(MAX_RETAINED_BYTES);
    return out;
  }

  private byte[] action(String indexName) {
    if (!indexName.equals(lastIndex)) {
      JsonBytes action = new JsonBytes(64);
      action.raw("{\"create\":{\"_index\":").string(indexName);
      lastAction = action.toByteArray();
      lastIndex = indexName;
    }
    return lastAction;
  }

  @Override
  public String contentType() {
    return "application/x-ndjson";
  }
}
