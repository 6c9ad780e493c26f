package io.raylog.tail.spool;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where the frames of a spool file are, recorded as the writer writes them or the reader walks them: each frame's
 * first byte in the copied data, and where its data starts in the spool file. What a {@link SpoolFile} is built
 * from. Not thread-safe: one writer or reader fills it.
 */
final class FrameIndex {
  private long[] starts = new long[16];
  private long[] positions = new long[16];
  private int count;

  /** A frame whose head is at {@code headPosition} in the spool file holds the copied data from {@code start}. */
  void add(long start, long headPosition) {
    if (count == starts.length) {
      starts = Arrays.copyOf(starts, count * 2);
      positions = Arrays.copyOf(positions, count * 2);
    }
    starts[count] = start;
    positions[count] = headPosition + SpoolFormat.FRAME_HEAD_BYTES;
    count++;
  }

  int count() {
    return count;
  }

  /** The offset in the copied data of frame {@code frame}'s first byte. */
  long start(int frame) {
    return starts[frame];
  }

  /** Where frame {@code frame}'s data starts in the spool file. */
  long position(int frame) {
    return positions[frame];
  }

  /** Where frame {@code frame} ends in the copied data: where the next starts, or {@code dataEnd} for the last. */
  long end(int frame, long dataEnd) {
    return frame + 1 < count ? starts[frame + 1] : dataEnd;
  }

  /** How many frames start below {@code usable}. */
  int countBelow(long usable) {
    int below = 0;
    while (below < count && starts[below] < usable) {
      below++;
    }
    return below;
  }

  /** The spool file of the first {@code frames} frames, holding {@code dataBytes} of the copied data. */
  SpoolFile file(Path path, SpoolHeader header, int frames, long dataBytes) {
    return new SpoolFile(path, header, Arrays.copyOf(starts, frames), Arrays.copyOf(positions, frames), dataBytes);
  }
}
