package io.raylog.e2e;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A writer of numbered line streams for the end-to-end runs: each line of stream {@code s} carries
 * {@code raylog-seq <s> <n>}, {@code n} counting the stream's lines from 0 across its files, so the receiving side
 * can prove that every line arrived. What the writers share: the counts of lines written, and being told to stop.
 */
abstract class NumberedStreams implements Runnable {
  static final String MARK = "raylog-seq";

  /** The lines written so far, by stream. */
  final AtomicLongArray written;
  /** Set to stop writing; the writer finishes the line it is at. */
  volatile boolean stop;

  NumberedStreams(int streams) {
    written = new AtomicLongArray(streams);
  }

  void stop() {
    stop = true;
  }

  long written(int stream) {
    return written.get(stream);
  }

  long totalWritten() {
    long total = 0;
    for (int i = 0; i < written.length(); i++) {
      total += written.get(i);
    }
    return total;
  }
}
