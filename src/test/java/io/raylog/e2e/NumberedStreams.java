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

  /**
   * Line {@code n} of stream 0 in raylet's format, so that parsing makes it one record whose message starts with the
   * mark; {@code padding} makes it as long as a test needs (ASCII, so its length is its size in bytes).
   */
  static String rayletLine(long n, String padding) {
    return "[2026-11-25 10:00:00,000 I 112 112] (raylet) a.cc:1: " + MARK + " 0 " + n + " " + padding + "\n";
  }

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
