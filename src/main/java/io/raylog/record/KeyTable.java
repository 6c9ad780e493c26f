package io.raylog.record;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * A fixed map from ASCII names to values, looked up by a slice of bytes without making a string of it: the keys of
 * JSON lines and {@code key=value} pairs are matched against the few names raylog knows on every line.
 *
 * <p>Open addressing over a table four times the number of names, hashed on the length and three bytes, so a
 * lookup costs a few byte reads and at most one or two comparisons. Immutable and thread-safe.
 */
public final class KeyTable<V> {
  private final byte[][] names;
  private final Object[] values;
  private final int mask;

  public KeyTable(Map<String, V> entries) {
    int size = Integer.highestOneBit(Math.max(4, entries.size() * 4) - 1) << 1;
    names = new byte[size][];
    values = new Object[size];
    mask = size - 1;
    entries.forEach((name, value) -> {
      byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
      int i = hash(bytes, 0, bytes.length) & mask;
      while (names[i] != null) {
        i = (i + 1) & mask;
      }
      names[i] = bytes;
      values[i] = value;
    });
  }

  /** The value of the name in {@code b[from, from + length)}, or null. */
  @SuppressWarnings("unchecked")
  public V get(byte[] b, int from, int length) {
    for (int i = hash(b, from, length) & mask; ; i = (i + 1) & mask) {
      byte[] name = names[i];
      if (name == null) {
        return null;
      }
      if (name.length == length && Arrays.equals(name, 0, length, b, from, from + length)) {
        return (V) values[i];
      }
    }
  }

  private static int hash(byte[] b, int from, int length) {
    if (length == 0) {
      return 0;
    }
    int h = length;
    h = h * 31 + b[from];
    h = h * 31 + b[from + length / 2];
    h = h * 31 + b[from + length - 1];
    return h ^ (h >>> 4);
  }
}
