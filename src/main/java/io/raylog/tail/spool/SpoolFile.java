package io.raylog.tail.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * One copy in the spool: its header, and where each of its frames is, so that the bytes of the original file at
 * any offset in {@code [baseOffset, endOffset)} can be read back. Reading opens the file on demand and keeps it
 * open until {@link #closeReader}: a spooled file holds a descriptor only while it is being read.
 *
 * <p>Thread-safety: read and closed by the tail thread only; {@link #header}, {@link #dataBytes} and
 * {@link #endOffset} are immutable and safe from any thread.
 */
public final class SpoolFile {
  private final Path path;
  private final SpoolHeader header;
  /** For each frame: its first byte's offset in the data, its data's position in the file. */
  private final long[] frameStarts;
  private final long[] framePositions;
  /** The data bytes usable: all of them, or a torn copy's intact prefix up to its last complete line. */
  private final long dataBytes;
  private FileChannel reader;

  SpoolFile(Path path, SpoolHeader header, long[] frameStarts, long[] framePositions, long dataBytes) {
    this.path = path;
    this.header = header;
    this.frameStarts = frameStarts;
    this.framePositions = framePositions;
    this.dataBytes = dataBytes;
  }

  public SpoolHeader header() {
    return header;
  }

  public Path path() {
    return path;
  }

  /** The offset, in the original file, of the first byte copied. */
  public long baseOffset() {
    return header.baseOffset();
  }

  /** The offset, in the original file, just past the last byte copied (and usable). */
  public long endOffset() {
    return header.baseOffset() + dataBytes;
  }

  public long dataBytes() {
    return dataBytes;
  }

  /**
   * Reads the original's bytes from {@code offset} into {@code target}, as far as it has room or the copy goes.
   *
   * @return the bytes read; 0 at the end of the copy
   */
  public int read(ByteBuffer target, long offset) throws IOException {
    if (offset < baseOffset()) {
      throw new IllegalArgumentException("offset " + offset + " is before the copy of " + header.containerPath()
          + ", which starts at " + baseOffset());
    }
    if (reader == null) {
      reader = FileChannel.open(path, StandardOpenOption.READ);
    }
    int got = 0;
    long at = offset - baseOffset();
    while (target.hasRemaining() && at < dataBytes) {
      int frame = frameOf(at);
      long frameEnd = frame + 1 < frameStarts.length ? frameStarts[frame + 1] : dataBytes;
      long inFrame = at - frameStarts[frame];
      int want = (int) Math.min(target.remaining(), Math.min(frameEnd, dataBytes) - at);
      ByteBuffer slice = target.slice(target.position(), want);
      while (slice.hasRemaining()) {
        if (reader.read(slice, framePositions[frame] + inFrame + slice.position()) < 0) {
          throw new IOException(path + " is shorter than its frames say (changed on disk?)");
        }
      }
      target.position(target.position() + want);
      got += want;
      at += want;
    }
    return got;
  }

  private int frameOf(long at) {
    int found = Arrays.binarySearch(frameStarts, at);
    return found >= 0 ? found : -found - 2;
  }

  /** Gives the descriptor back (reopened by the next read). */
  public void closeReader() {
    if (reader != null) {
      try {
        reader.close();
      } catch (IOException e) {
        // a read-only descriptor: nothing to lose
      }
      reader = null;
    }
  }

  /** Closes and deletes the copy: shipped and acknowledged, or dropped. */
  void delete() throws IOException {
    closeReader();
    Files.deleteIfExists(path);
  }

  @Override
  public String toString() {
    return path.getFileName() + " (" + header.containerPath() + " from " + baseOffset() + ", " + dataBytes + " bytes)";
  }
}
