package io.raylog.tail;

/**
 * How many log files raylog may hold open, given {@code tail.max_open_files} and the process's descriptor limit
 * (the JVM raises its soft limit to the hard limit on Linux at start). Sockets, the checkpoint store, the sinks'
 * files and the JVM itself need descriptors too, so {@link #RESERVED} stay free. Pure.
 */
public final class OpenFileBudget {
  public static final int RESERVED = 256;

  private OpenFileBudget() {}

  /** The number of files to allow; below {@code configured} when the descriptor limit is too low. */
  public static int allowed(int configured, long descriptorLimit) {
    if (descriptorLimit <= 0) {
      return configured; // unknown limit (not a Unix JVM): trust the configuration
    }
    long usable = Math.max(16, descriptorLimit - RESERVED);
    return (int) Math.min(configured, usable);
  }
}
