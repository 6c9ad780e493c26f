package io.raylog.pipeline;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the bytes of records read but not yet acknowledged by every sink. Readers check {@link #hasRoom()} before
 * each read and stop when it is false; the files are the buffer. When acknowledgements bring usage back under the
 * limit, {@code onRoom} runs (it wakes the readers), so reading resumes by itself and never stays paused.
 *
 * <p>Thread-safe. Usage may exceed the limit by at most one read chunk, because a reader checks before it reads.
 */
public final class MemoryBudget {
  private final long limitBytes;
  private final AtomicLong usedBytes = new AtomicLong();
  private final Runnable onRoom;
  private volatile boolean paused;

  public MemoryBudget(long limitBytes, Runnable onRoom) {
    this.limitBytes = limitBytes;
    this.onRoom = onRoom;
  }

  public boolean hasRoom() {
    boolean room = usedBytes.get() < limitBytes;
    if (paused == room) {
      paused = !room; // written only when it changes: readers ask before every read
    }
    return room;
  }

  public void acquire(long bytes) {
    usedBytes.addAndGet(bytes);
  }

  public void release(long bytes) {
    long after = usedBytes.addAndGet(-bytes);
    if (after < limitBytes && after + bytes >= limitBytes) {
      onRoom.run();
    }
  }

  public long usedBytes() {
    return usedBytes.get();
  }

  public long limitBytes() {
    return limitBytes;
  }

  /** Whether the readers found the budget full the last time they looked. */
  public boolean paused() {
    return paused;
  }
}
