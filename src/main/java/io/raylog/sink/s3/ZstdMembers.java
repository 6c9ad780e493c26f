package io.raylog.sink.s3;

import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.ZstdCompressCtx;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Compresses byte runs into zstd frames (RFC 8878), each with its content size and checksum, as gzip members carry
 * theirs. zstd's readers (zstd -d, zstdcat, Athena, Spark, DuckDB) read concatenated frames as one stream. One
 * compression context serves every object of the sink, and the output goes through one 64 KiB buffer: a member's
 * worst-case compressed size is as large as its input, which a buffer per member would allocate for every batch.
 * Not thread-safe; {@link #close} frees the context's native memory.
 */
final class ZstdMembers implements MemberCompressor {
  private final ZstdCompressCtx context;
  private final int level;
  private final byte[] buffer = new byte[64 * 1024];
  private final ByteBuffer output = ByteBuffer.wrap(buffer);

  /**
   * @param level zstd's level, 1 to 19. Level 1 (the sink's default) on raylog's NDJSON: a ratio of about 13 at about
   *     1.3 GB/s a core, against gzip's 10 at 0.37 GB/s at its level 1.
   * @throws IllegalStateException when zstd-jni's native library cannot be loaded on this platform
   */
  ZstdMembers(int level) {
    this.level = level;
    try {
      this.context = new ZstdCompressCtx();
    } catch (LinkageError e) {
      throw new IllegalStateException("compression zstd needs the native library of zstd-jni, which could not be"
          + " loaded on this platform (" + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
          + "; it is unpacked into java.io.tmpdir, which must be writable): " + e, e);
    }
    configure();
  }

  private void configure() {
    context.setLevel(level);
    context.setChecksum(true);
    context.setContentSize(true);
  }

  @Override
  public void append(byte[] data, int offset, int length, ByteArrayOutputStream out) {
    ByteBuffer input = ByteBuffer.wrap(data, offset, length);
    try {
      context.setPledgedSrcSize(length); // the frame header then carries the member's size
      boolean done;
      do {
        output.clear();
        done = context.compressByteBufferStream(output, input, EndDirective.END);
        out.write(buffer, 0, output.position());
      } while (!done);
    } catch (RuntimeException e) {
      // A frame left half-made would corrupt the next one: start the context afresh.
      context.reset();
      configure();
      throw e;
    }
  }

  @Override
  public void close() {
    context.close();
  }
}
