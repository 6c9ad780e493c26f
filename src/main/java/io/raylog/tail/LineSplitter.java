package io.raylog.tail;

import io.raylog.record.ByteScan;
import io.raylog.record.Utf8;

/**
 * Splits the bytes of one file into lines, whatever the chunking of the reads.
 *
 * <p>A line ends at {@code \n}; a {@code \r} before it is dropped. A line longer than {@code maxLineBytes} is cut
 * into pieces of at most that size (never inside a UTF-8 sequence), each reported with {@code split = true}. Bytes
 * after the last newline are held until the newline arrives or the caller {@linkplain #flushPartial flushes} them.
 * Offsets are file offsets: a line's {@code endOffset} is the offset just after its newline, so it is the offset a
 * checkpoint may resume from once the line is delivered.
 *
 * <p>Not thread-safe: one instance per file, used by the tail thread only.
 */
public final class LineSplitter {

  /** Receives lines. The bytes are only valid during the call. */
  public interface LineSink {
    void line(byte[] bytes, int from, int length, long startOffset, long endOffset, boolean split);
  }

  private final int maxLineBytes;
  private byte[] pending = new byte[256];
  private int pendingLength;
  private long pendingStart = -1;
  /** True while the held bytes continue a line whose earlier pieces were already emitted as split pieces. */
  private boolean continuing;

  public LineSplitter(int maxLineBytes) {
    if (maxLineBytes < 8) {
      throw new IllegalArgumentException("maxLineBytes must be at least 8, got " + maxLineBytes);
    }
    this.maxLineBytes = maxLineBytes;
  }

  /** Feeds {@code length} bytes read from the file at {@code fileOffset}. */
  public void feed(byte[] chunk, int from, int length, long fileOffset, LineSink sink) {
    int end = from + length;
    int lineStart = from;
    while (lineStart < end) {
      int newline = ByteScan.indexOfNewline(chunk, lineStart, end);
      if (newline < 0) {
        hold(chunk, lineStart, end, fileOffset + (lineStart - from), sink);
        return;
      }
      long lineFileStart = fileOffset + (lineStart - from);
      long lineFileEnd = fileOffset + (newline + 1 - from);
      if (pendingLength > 0 || continuing) {
        hold(chunk, lineStart, newline, lineFileStart, sink);
        emitPending(lineFileEnd, true, sink);
      } else {
        emitDirect(chunk, lineStart, newline, lineFileStart, lineFileEnd, sink);
      }
      lineStart = newline + 1;
    }
  }

  /** Whether bytes of an unfinished line are held. */
  public boolean hasPartial() {
    return pendingLength > 0;
  }

  /** Number of held bytes of an unfinished line. */
  public int partialBytes() {
    return pendingLength;
  }

  /**
   * Emits the held bytes of an unfinished line as a line of its own (end of a rotated or deleted file, or the
   * partial-line timeout). Bytes that arrive later start a new line.
   */
  public void flushPartial(LineSink sink) {
    if (pendingLength > 0) {
      long end = pendingStart + pendingLength;
      emitPending(end, false, sink);
    }
    continuing = false;
  }

  /** Forgets held bytes without emitting them (the file was truncated and will be read again from 0). */
  public void reset() {
    pendingLength = 0;
    pendingStart = -1;
    continuing = false;
  }

  private void emitDirect(byte[] chunk, int from, int newline, long start, long end, LineSink sink) {
    // Pieces are cut over the raw bytes (a '\r' included), exactly as the held-line path cuts them, so that the
    // result never depends on how the reads were chunked; only the last piece loses its '\r'.
    int length = newline - from;
    while (length > maxLineBytes) {
      int cut = Utf8.safeCut(chunk, from, maxLineBytes);
      sink.line(chunk, from, cut, start, start + cut, true);
      from += cut;
      start += cut;
      length -= cut;
      continuing = true;
    }
    if (length > 0 && chunk[from + length - 1] == '\r') {
      length--;
    }
    sink.line(chunk, from, length, start, end, continuing);
    continuing = false;
  }

  /** Appends bytes to the held line, emitting full pieces when it exceeds the limit. */
  private void hold(byte[] chunk, int from, int to, long fileOffset, LineSink sink) {
    if (pendingLength == 0) {
      pendingStart = fileOffset;
    }
    int length = to - from;
    while (pendingLength + length > maxLineBytes) {
      // Take one byte past the limit: the cut must see the byte after it to avoid splitting a UTF-8 sequence.
      int room = maxLineBytes + 1 - pendingLength;
      append(chunk, from, room);
      from += room;
      length -= room;
      int cut = Utf8.safeCut(pending, 0, maxLineBytes);
      long pieceEnd = pendingStart + cut;
      sink.line(pending, 0, cut, pendingStart, pieceEnd, true);
      continuing = true;
      System.arraycopy(pending, cut, pending, 0, pendingLength - cut);
      pendingLength -= cut;
      pendingStart = pieceEnd;
    }
    append(chunk, from, length);
  }

  private void emitPending(long endOffset, boolean sawNewline, LineSink sink) {
    int length = pendingLength;
    if (sawNewline && length > 0 && pending[length - 1] == '\r') {
      length--;
    }
    long start = pendingStart >= 0 ? pendingStart : endOffset - (sawNewline ? 1 : 0);
    sink.line(pending, 0, length, start, endOffset, continuing);
    pendingLength = 0;
    pendingStart = -1;
    continuing = false;
    if (pending.length > 64 * 1024) {
      pending = new byte[256]; // do not keep a huge buffer alive after one long line
    }
  }

  private void append(byte[] chunk, int from, int length) {
    if (length <= 0) {
      return;
    }
    int needed = pendingLength + length;
    if (needed > pending.length) {
      byte[] grown = new byte[Math.min(Math.max(needed, pending.length * 2), maxLineBytes + 1)];
      System.arraycopy(pending, 0, grown, 0, pendingLength);
      pending = grown;
    }
    System.arraycopy(chunk, from, pending, pendingLength, length);
    pendingLength = needed;
  }
}
