package io.raylog.sink.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.raylog.sink.Outbound;

/**
 * A protocol's request body for some records. Called on the sink's event loop only; one instance per sink, so it
 * may keep scratch buffers.
 */
public interface RequestEncoder {
  /** The body (a buffer from {@code alloc} that the caller releases) of the records, in their order. */
  ByteBuf encode(Outbound records, ByteBufAllocator alloc);

  /** The {@code Content-Type} of the bodies. */
  String contentType();
}
