package io.raylog.tail.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads back what a spool file holds after a restart: its header and where its frames are. A complete file (its end
 * record is there and agrees with its frames) is taken as written, its frames' heads walked without reading their
 * data; anything else is torn (a crash during its copy, a damaged disk): each frame's checksum is verified and the
 * copy is cut after the last intact frame, then back to its last complete line, so that no partial record is
 * shipped. Stateless.
 */
final class SpoolReader {
  private SpoolReader() {}

  /** What a spool file holds: the usable copy, or null when not even its header is intact. */
  record Read(SpoolFile file, boolean torn) {}

  /**
   * @param trusted whether the file was renamed into place complete ({@code .spool}): then, if its end record is
   *     there, its frames are not read; any other file has each frame's checksum verified
   */
  static Read read(Path path, boolean trusted) throws IOException {
    try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = in.size();
      Head intact = header(in, size);
      if (intact == null) {
        return new Read(null, true);
      }
      SpoolHeader header = intact.header();
      long position = intact.dataStart();
      long[] starts = new long[16];
      long[] positions = new long[16];
      int frames = 0;
      long data = 0;
      boolean complete = false;
      ByteBuffer head = ByteBuffer.allocate(SpoolFormat.END_BYTES);
      while (true) {
        if (!readAt(in, head.clear().limit(SpoolFormat.FRAME_HEAD_BYTES), position)) {
          break; // ends inside a frame's head: torn
        }
        int length = head.getInt(0);
        if (length == 0) {
          complete = readAt(in, head.clear().limit(SpoolFormat.END_BYTES), position)
              && head.getLong(4) == data && head.getInt(12) == SpoolFormat.crc(head.array(), 4, 8)
              && position + SpoolFormat.END_BYTES == size;
          break;
        }
        if (length < 0 || length > SpoolFormat.FRAME_BYTES
            || position + SpoolFormat.FRAME_HEAD_BYTES + length > size) {
          break;
        }
        if (frames == starts.length) {
          starts = Arrays.copyOf(starts, frames * 2);
          positions = Arrays.copyOf(positions, frames * 2);
        }
        starts[frames] = data;
        positions[frames] = position + SpoolFormat.FRAME_HEAD_BYTES;
        frames++;
        data += length;
        position += SpoolFormat.FRAME_HEAD_BYTES + length;
      }
      long usable = data;
      if (!complete || !trusted) {
        usable = intactPrefix(in, starts, positions, frames, data);
        complete &= usable == data;
      }
      if (!complete) {
        usable = lastLineEnd(in, starts, positions, frames, usable);
      }
      int kept = framesBelow(starts, frames, usable);
      SpoolFile file = new SpoolFile(path, header, Arrays.copyOf(starts, kept), Arrays.copyOf(positions, kept), usable);
      return new Read(file, !complete);
    }
  }

  private record Head(SpoolHeader header, long dataStart) {}

  /** The header and where the frames start, or null when the file does not start with an intact header. */
  private static Head header(FileChannel in, long size) throws IOException {
    ByteBuffer preamble = ByteBuffer.allocate(SpoolFormat.PREAMBLE_BYTES + 4);
    if (!readAt(in, preamble, 0)) {
      return null;
    }
    byte[] magic = Arrays.copyOf(preamble.array(), SpoolFormat.MAGIC.length);
    int length = preamble.getInt(SpoolFormat.PREAMBLE_BYTES);
    if (!Arrays.equals(magic, SpoolFormat.MAGIC) || preamble.getInt(SpoolFormat.MAGIC.length) != SpoolFormat.VERSION
        || length <= 0 || length > SpoolFormat.MAX_HEADER_BYTES || SpoolFormat.PREAMBLE_BYTES + 8L + length > size) {
      return null;
    }
    ByteBuffer json = ByteBuffer.allocate(length + 4);
    if (!readAt(in, json, SpoolFormat.PREAMBLE_BYTES + 4)) {
      return null;
    }
    if (json.getInt(length) != SpoolFormat.crc(json.array(), 0, length)) {
      return null;
    }
    try {
      return new Head(SpoolHeader.fromJson(Arrays.copyOf(json.array(), length)),
          SpoolFormat.PREAMBLE_BYTES + 4L + length + 4);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The data bytes of the frames whose checksums hold, up to the first that does not. */
  private static long intactPrefix(FileChannel in, long[] starts, long[] positions, int frames, long data)
      throws IOException {
    for (int i = 0; i < frames; i++) {
      long end = i + 1 < frames ? starts[i + 1] : data;
      int length = (int) (end - starts[i]);
      ByteBuffer bytes = ByteBuffer.allocate(length);
      ByteBuffer crc = ByteBuffer.allocate(4);
      if (!readAt(in, bytes, positions[i]) || !readAt(in, crc, positions[i] - 4)
          || crc.getInt(0) != SpoolFormat.crc(bytes.flip())) {
        return starts[i];
      }
    }
    return data;
  }

  /** {@code usable} cut back to just after its last newline (0 when it holds none). */
  private static long lastLineEnd(FileChannel in, long[] starts, long[] positions, int frames, long usable)
      throws IOException {
    for (int i = framesBelow(starts, frames, usable) - 1; i >= 0; i--) {
      int length = (int) (Math.min(usable, i + 1 < frames ? starts[i + 1] : usable) - starts[i]);
      ByteBuffer bytes = ByteBuffer.allocate(length);
      readAt(in, bytes, positions[i]);
      for (int j = length - 1; j >= 0; j--) {
        if (bytes.get(j) == '\n') {
          return starts[i] + j + 1;
        }
      }
    }
    return 0;
  }

  /** How many frames start below {@code usable}. */
  private static int framesBelow(long[] starts, int frames, long usable) {
    int kept = 0;
    while (kept < frames && starts[kept] < usable) {
      kept++;
    }
    return kept;
  }

  /** Fills {@code buffer} from {@code position}; false when the file ends first. */
  private static boolean readAt(FileChannel in, ByteBuffer buffer, long position) throws IOException {
    while (buffer.hasRemaining()) {
      if (in.read(buffer, position + buffer.position()) < 0) {
        return false;
      }
    }
    return true;
  }
}
