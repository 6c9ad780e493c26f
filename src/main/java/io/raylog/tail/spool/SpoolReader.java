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
      FrameIndex frames = new FrameIndex();
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
        frames.add(data, position);
        data += length;
        position += SpoolFormat.FRAME_HEAD_BYTES + length;
      }
      long usable = data;
      if (!complete || !trusted) {
        usable = intactPrefix(in, frames, data);
        complete &= usable == data;
      }
      if (!complete) {
        usable = lastLineEnd(in, frames, usable);
      }
      SpoolFile file = frames.file(path, header, frames.countBelow(usable), usable);
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
  private static long intactPrefix(FileChannel in, FrameIndex frames, long data) throws IOException {
    for (int i = 0; i < frames.count(); i++) {
      int length = (int) (frames.end(i, data) - frames.start(i));
      ByteBuffer bytes = ByteBuffer.allocate(length);
      ByteBuffer crc = ByteBuffer.allocate(4);
      if (!readAt(in, bytes, frames.position(i)) || !readAt(in, crc, frames.position(i) - 4)
          || crc.getInt(0) != SpoolFormat.crc(bytes.flip())) {
        return frames.start(i);
      }
    }
    return data;
  }

  /** {@code usable} cut back to just after its last newline (0 when it holds none). */
  private static long lastLineEnd(FileChannel in, FrameIndex frames, long usable) throws IOException {
    for (int i = frames.countBelow(usable) - 1; i >= 0; i--) {
      int length = (int) (Math.min(usable, frames.end(i, usable)) - frames.start(i));
      ByteBuffer bytes = ByteBuffer.allocate(length);
      readAt(in, bytes, frames.position(i));
      for (int j = length - 1; j >= 0; j--) {
        if (bytes.get(j) == '\n') {
          return frames.start(i) + j + 1;
        }
      }
    }
    return 0;
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
