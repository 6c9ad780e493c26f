package io.raylog.sink.s3;

import java.io.ByteArrayOutputStream;

/**
 * Compresses byte runs into self-contained members of one format ({@link ObjectCompression}), which readers of the
 * format read back-to-back as one stream. Not thread-safe; {@link #close} frees native memory.
 */
interface MemberCompressor extends AutoCloseable {

  /** Appends {@code length} bytes of {@code data} from {@code offset} to {@code out} as one member. */
  void append(byte[] data, int offset, int length, ByteArrayOutputStream out);

  @Override
  void close();
}
