package io.raylog.sink.s3;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Compresses byte runs into gzip members (RFC 1952). An object is the concatenation of the members of the batches
 * it received, which every gzip reader (gunzip, zcat, Java's GZIPInputStream, Athena, Spark) reads as one stream:
 * so an object in the making holds only compressed bytes, and one {@link Deflater} serves every object of the sink.
 * Not thread-safe; {@link #close} frees the deflater's native memory.
 */
final class GzipMembers implements MemberCompressor {
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  private final Deflater deflater;
  private final CRC32 crc = new CRC32();
  private final byte[] buffer = new byte[64 * 1024];

  /**
   * @param level the deflate level, 1 to 9. Level 1 (the sink's default): on NDJSON logs it keeps most of level 6's
   *     ratio for a fraction of its CPU, and a node agent ships several times its input in NDJSON.
   */
  GzipMembers(int level) {
    this.deflater = new Deflater(level, true);
  }

  @Override
  public void append(byte[] data, int offset, int length, ByteArrayOutputStream out) {
    out.write(HEADER, 0, HEADER.length);
    deflater.reset();
    deflater.setInput(data, offset, length);
    deflater.finish();
    while (!deflater.finished()) {
      int n = deflater.deflate(buffer);
      out.write(buffer, 0, n);
    }
    crc.reset();
    crc.update(data, offset, length);
    writeIntLittleEndian((int) crc.getValue(), out);
    writeIntLittleEndian(length, out);
  }

  private static void writeIntLittleEndian(int value, ByteArrayOutputStream out) {
    out.write(value);
    out.write(value >>> 8);
    out.write(value >>> 16);
    out.write(value >>> 24);
  }

  @Override
  public void close() {
    deflater.end();
  }
}
