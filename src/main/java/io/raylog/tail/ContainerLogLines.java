package io.raylog.tail;

import io.raylog.record.LogRecord;

/**
 * Turns the lines of a kubelet container log (CRI format) into the lines the container wrote: strips each line's
 * header, keeps its time, and joins partial ({@code P}) lines with the final ({@code F}) line that ends them. A
 * joined line longer than {@code maxLineBytes} is shipped in pieces flagged split, like any long line, so memory
 * stays bounded. A line without a valid header is passed on whole, without a time.
 *
 * <p>Offsets: a joined line spans from its first partial line to the end of its final line, so a checkpoint never
 * lands inside it unless a piece was shipped. Not thread-safe: one instance per file, on the tail thread.
 */
final class ContainerLogLines {
  /** Receives the content of container log lines. The bytes are only valid during the call. */
  interface Output {
    void content(byte[] bytes, int from, int length, long startOffset, long endOffset, boolean split, long timeMillis,
        boolean stderr);
  }

  private final int maxLineBytes;
  private final CriHeader header = new CriHeader();
  /** Whether the next piece from the line splitter starts a new CRI line (the previous one ended with its newline). */
  private boolean expectHeader = true;
  private boolean linePartial;
  private long lineTime = LogRecord.UNKNOWN_TIME;
  private boolean lineStderr;

  private byte[] pending = new byte[256];
  private int pendingLength;
  private long pendingStart = -1;
  private long pendingEnd;
  private long pendingTime;
  private boolean pendingStderr;
  private boolean pendingSplit;
  /** Whether a piece of the line being joined was already shipped: the rest is a piece too. */
  private boolean joinedLineSplit;

  ContainerLogLines(int maxLineBytes) {
    this.maxLineBytes = maxLineBytes;
  }

  /** One piece from the line splitter: a whole CRI line, or a piece of one longer than the maximum line size. */
  void accept(byte[] bytes, int from, int length, long startOffset, long endOffset, boolean split, Output out) {
    int contentFrom = from;
    if (expectHeader) {
      if (header.parse(bytes, from, length)) {
        linePartial = header.partial;
        lineTime = header.timeMillis;
        lineStderr = header.stderr;
        contentFrom = header.contentFrom;
      } else {
        linePartial = false;
        lineTime = LogRecord.UNKNOWN_TIME;
        lineStderr = false;
      }
    }
    // A piece that ends its line has its newline counted in the offsets, but not in its bytes.
    boolean lineEnds = endOffset > startOffset + length;
    expectHeader = lineEnds;
    int contentLength = from + length - contentFrom;
    boolean recordEnds = lineEnds && !linePartial;
    if (pendingStart < 0 && recordEnds && !split) {
      out.content(bytes, contentFrom, contentLength, startOffset, endOffset, false, lineTime, lineStderr);
      return;
    }
    if (pendingStart >= 0 && pendingLength + contentLength > maxLineBytes) {
      pendingSplit = true;
      joinedLineSplit = true;
      emitPending(out); // the joined line outgrew the maximum: ship what is held as a piece
    }
    hold(bytes, contentFrom, contentLength, startOffset, endOffset, split);
    if (recordEnds) {
      emitPending(out);
      joinedLineSplit = false;
    }
  }

  /** Whether partial content waits for the line that ends it. */
  boolean hasPending() {
    return pendingStart >= 0;
  }

  /** Ships held partial content on its own (the writer stopped mid-line, or the file is gone). */
  void flush(Output out) {
    if (pendingStart >= 0) {
      emitPending(out);
    }
    expectHeader = true;
    joinedLineSplit = false;
  }

  private void hold(byte[] bytes, int from, int length, long startOffset, long endOffset, boolean split) {
    if (pendingStart < 0) {
      pendingStart = startOffset;
      pendingTime = lineTime;
      pendingStderr = lineStderr;
      pendingSplit = joinedLineSplit;
    }
    if (pendingLength + length > pending.length) {
      pending = java.util.Arrays.copyOf(pending, Math.max(pendingLength + length, pending.length * 2));
    }
    System.arraycopy(bytes, from, pending, pendingLength, length);
    pendingLength += length;
    pendingEnd = endOffset;
    pendingSplit |= split;
  }

  private void emitPending(Output out) {
    out.content(pending, 0, pendingLength, pendingStart, pendingEnd, pendingSplit, pendingTime, pendingStderr);
    pendingLength = 0;
    pendingStart = -1;
    if (pending.length > 64 * 1024) {
      pending = new byte[256]; // do not keep a large buffer for a file that had one long line
    }
  }
}
