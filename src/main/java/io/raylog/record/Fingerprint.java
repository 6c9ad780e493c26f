package io.raylog.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * A checksum of a file's first bytes (up to {@link #MAX_BYTES}). Together with the {@link FileKey} it tells a file
 * from a later file that reuses its inode: after a restart, a checkpoint is only applied to a file whose first
 * {@code length} bytes still hash the same. The fingerprint alone is never an identity: Ray worker files of one job
 * begin with the same {@code :job_id:} line.
 */
public record Fingerprint(int length, long crc) {

  public static final int MAX_BYTES = 1024;
  public static final Fingerprint EMPTY = new Fingerprint(0, 0);

  /** Hashes the first {@code min(size, MAX_BYTES)} bytes of the open file. */
  public static Fingerprint read(FileChannel channel) throws IOException {
    return read(channel, MAX_BYTES);
  }

  /** Hashes the first {@code min(size, length)} bytes of the open file. */
  public static Fingerprint read(FileChannel channel, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(Math.min(length, MAX_BYTES));
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, buffer.position()) < 0) {
        break;
      }
    }
    buffer.flip();
    return of(buffer.array(), buffer.limit());
  }

  public static Fingerprint of(byte[] bytes, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, length);
    return new Fingerprint(length, crc.getValue());
  }

  /** Whether this fingerprint covers all the bytes it ever will. */
  public boolean isComplete() {
    return length >= MAX_BYTES;
  }
}
