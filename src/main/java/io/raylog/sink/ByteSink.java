package io.raylog.sink;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A destination for encoded bytes that delivers synchronously: when {@link #write} returns, the bytes are as
 * durable as the sink promises. Used by the local sinks (stdout, file) from their own event loop thread only.
 */
public interface ByteSink extends AutoCloseable {
  /** Writes all remaining bytes of {@code content}, advancing its position; may throw after a partial write. */
  void write(ByteBuffer content) throws IOException;

  /** Called after each batch is written, before it is acknowledged (e.g. fsync). */
  default void commit() throws IOException {}

  @Override
  void close() throws IOException;
}
