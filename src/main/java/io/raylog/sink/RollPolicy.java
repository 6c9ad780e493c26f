package io.raylog.sink;

/**
 * When the file sink starts a new file: before a write that would take the active file past {@code maxFileBytes},
 * unless the file is empty (a batch larger than the limit still goes somewhere). {@code maxFileBytes == 0} never
 * rolls. Pure and immutable.
 */
public record RollPolicy(long maxFileBytes) {
  public boolean rollBefore(long currentSize, long incomingBytes) {
    return maxFileBytes > 0 && currentSize > 0 && currentSize + incomingBytes > maxFileBytes;
  }
}
