package io.raylog.tail.spool;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The layout of a spool file, in one place:
 *
 * <pre>
 * magic    "RAYSPOOL" (8 bytes), version (u32)
 * header   length (u32), {@link SpoolHeader} as JSON, CRC32C of the JSON (u32)
 * frames   length (u32, &gt; 0), CRC32C of the data (u32), data          — the copied bytes, in order
 * end      0 (u32), the data bytes in all frames (u64), CRC32C of those 8 bytes (u32)
 * </pre>
 *
 * A copy is written as {@code <id>.partial}, fsynced, and renamed to {@code <id>.spool} only once its end is
 * written: a {@code .spool} file is complete. Each frame carries its own checksum, so that what a crash left of a
 * {@code .partial} copy can be checked frame by frame and the intact prefix kept. Big-endian throughout.
 */
final class SpoolFormat {
  static final byte[] MAGIC = "RAYSPOOL".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  /** Bytes copied per frame: a torn copy loses at most the frame being written. */
  static final int FRAME_BYTES = 1 << 20;
  static final int FRAME_HEAD_BYTES = 8;
  static final int END_BYTES = 4 + 8 + 4;
  static final int PREAMBLE_BYTES = MAGIC.length + 4;
  /** A header longer than this is not one (labels and annotations of a pod fit many times over). */
  static final int MAX_HEADER_BYTES = 1 << 20;

  static final String COMPLETE_SUFFIX = ".spool";
  static final String PARTIAL_SUFFIX = ".partial";
  /** The intact prefix of a torn copy, kept under a name of its own so that its loss is counted once. */
  static final String SALVAGED_SUFFIX = ".salvaged";

  private SpoolFormat() {}

  static int crc(byte[] bytes, int from, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, from, length);
    return (int) crc.getValue();
  }

  static int crc(ByteBuffer buffer) {
    CRC32C crc = new CRC32C();
    crc.update(buffer.duplicate());
    return (int) crc.getValue();
  }

  /** The magic, the version and the header, ready to write. */
  static ByteBuffer preamble(byte[] headerJson) {
    ByteBuffer out = ByteBuffer.allocate(PREAMBLE_BYTES + 4 + headerJson.length + 4);
    out.put(MAGIC).putInt(VERSION);
    out.putInt(headerJson.length).put(headerJson).putInt(crc(headerJson, 0, headerJson.length));
    return out.flip();
  }

  static ByteBuffer end(long dataBytes) {
    ByteBuffer total = ByteBuffer.allocate(8).putLong(0, dataBytes);
    return ByteBuffer.allocate(END_BYTES).putInt(0).putLong(dataBytes).putInt(crc(total.array(), 0, 8)).flip();
  }
}
