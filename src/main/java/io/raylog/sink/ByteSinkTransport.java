package io.raylog.sink;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.raylog.record.JsonBytes;
import io.raylog.record.NdjsonEncoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport of the local sinks (stdout, file): encodes a send's records as NDJSON and writes them to a
 * {@link ByteSink}, synchronously, on the sink's event loop, then reports the outcome. A write that fails part-way
 * keeps what it did not write: the retry of the same batch (the delivery stage sends the same records again) writes
 * only the rest, so no line is written twice or cut. Used with one send in flight (see
 * {@link DeliveryStages#local}); confined to the sink's event loop.
 */
public final class ByteSinkTransport implements Transport {
  private static final Logger log = LoggerFactory.getLogger(ByteSinkTransport.class);
  /** A batch's encoding grows the array to a few MiB; an exceptional batch (huge lines) must not keep more. */
  private static final int MAX_RETAINED_BYTES = 8 << 20;

  private final ByteSink sink;
  private final ByteBufAllocator alloc;
  private final NdjsonEncoder encoder = new NdjsonEncoder();
  private final JsonBytes scratch = new JsonBytes(1 << 20);
  /** The encoding of the batch whose write failed part-way, from the first byte not yet written; else null. */
  private ByteBuf unwritten;
  private long unwrittenBatch;

  public ByteSinkTransport(ByteSink sink, ByteBufAllocator alloc) {
    this.sink = sink;
    this.alloc = alloc;
  }

  @Override
  public void send(Outbound records, Completion done) {
    if (unwritten == null || unwrittenBatch != records.batchSequence()) {
      release();
      unwritten = encode(records);
      unwrittenBatch = records.batchSequence();
    }
    long bytes = unwritten.writerIndex();
    try {
      ByteBuffer content = unwritten.nioBuffer();
      int before = content.remaining();
      try {
        sink.write(content);
      } finally {
        unwritten.skipBytes(before - content.remaining());
      }
      sink.commit();
    } catch (IOException | RuntimeException e) {
      done.complete(SendOutcome.retry("write", e.toString()));
      return;
    }
    release();
    done.complete(SendOutcome.delivered(bytes));
  }

  @Override
  public String verb() {
    return "write";
  }

  @Override
  public void close() {
    release();
    try {
      sink.close();
    } catch (IOException e) {
      log.warn("closing {} failed: {}", sink, e.toString());
    }
  }

  /** The records encoded into one reused array, then copied once into a pooled direct buffer for the kernel. */
  private ByteBuf encode(Outbound records) {
    scratch.clear();
    for (int i = 0, n = records.size(); i < n; i++) {
      encoder.encode(records.get(i), scratch);
    }
    ByteBuf content = alloc.directBuffer(scratch.length());
    content.writeBytes(scratch.array(), 0, scratch.length());
    scratch.shrinkTo(MAX_RETAINED_BYTES);
    return content;
  }

  private void release() {
    if (unwritten != null) {
      unwritten.release();
      unwritten = null;
    }
  }
}
