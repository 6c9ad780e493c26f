package io.raylog.tail.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Copies the rest of an open file into a spool file (see {@link SpoolFormat}): frames as the bytes come, then the
 * end, then fsync, then the rename to {@code .spool} and an fsync of the directory, so that a {@code .spool} file
 * is complete and durable before the caller lets go of the original's descriptor. Sequential I/O through a buffer
 * of one frame. Stateless; the caller's thread.
 */
final class SpoolWriter {
  private SpoolWriter() {}

  /**
   * Copies {@code from}'s bytes from {@code header.baseOffset()} to its end, at most {@code maxBytes} of them.
   *
   * @return the complete copy; on failure nothing is left behind
   */
  static SpoolFile copy(FileChannel from, SpoolHeader header, long maxBytes, Path directory) throws IOException {
    Path partial = directory.resolve(header.id() + SpoolFormat.PARTIAL_SUFFIX);
    Path complete = directory.resolve(header.id() + SpoolFormat.COMPLETE_SUFFIX);
    FrameIndex frames = new FrameIndex();
    long copied = 0;
    try (FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      long position = writeFully(out, SpoolFormat.preamble(header.toJson()), 0);
      ByteBuffer frame = ByteBuffer.allocate(SpoolFormat.FRAME_HEAD_BYTES + SpoolFormat.FRAME_BYTES);
      while (copied < maxBytes) {
        int want = (int) Math.min(SpoolFormat.FRAME_BYTES, maxBytes - copied);
        ByteBuffer data = frame.clear().position(SpoolFormat.FRAME_HEAD_BYTES).limit(SpoolFormat.FRAME_HEAD_BYTES + want)
            .slice();
        while (data.hasRemaining()) {
          if (from.read(data, header.baseOffset() + copied + data.position()) <= 0) {
            break; // the end of the original
          }
        }
        int got = data.position();
        if (got == 0) {
          break;
        }
        frame.clear();
        frame.putInt(got).putInt(SpoolFormat.crc(data.flip()));
        frame.limit(SpoolFormat.FRAME_HEAD_BYTES + got).position(0);
        frames.add(copied, position);
        position = writeFully(out, frame, position);
        copied += got;
        if (got < want) {
          break;
        }
      }
      writeFully(out, SpoolFormat.end(copied), position);
      out.force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(partial);
      throw e;
    }
    try {
      Files.move(partial, complete, StandardCopyOption.ATOMIC_MOVE);
      syncDirectory(directory);
    } catch (IOException e) {
      Files.deleteIfExists(partial);
      Files.deleteIfExists(complete);
      throw e;
    }
    return frames.file(complete, header, frames.count(), copied);
  }

  private static long writeFully(FileChannel out, ByteBuffer buffer, long position) throws IOException {
    while (buffer.hasRemaining()) {
      position += out.write(buffer, position);
    }
    return position;
  }

  /** Makes a rename or a deletion in {@code directory} durable. */
  static void syncDirectory(Path directory) throws IOException {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    }
  }
}
