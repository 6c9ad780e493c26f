package io.raylog.parse;

import io.raylog.record.JsonBytes;

/**
 * Packs the small per-record field fragments of many records into shared arrays, so that a record's fields cost a
 * copy but no allocation of their own. Records keep a reference to the array they were written into; a full array
 * is left to them and a new one started.
 *
 * <p>Not thread-safe: one per parse thread.
 */
final class ExtrasSlab {
  private static final int SLAB_BYTES = 16 * 1024;

  private byte[] slab = new byte[SLAB_BYTES];
  private int used;
  /** Where the last {@link #put} wrote: its array and offset. */
  byte[] array;
  int from;

  /** Copies {@code first} then {@code second} next to each other. */
  void put(JsonBytes first, JsonBytes second) {
    int length = first.length() + second.length();
    if (length > SLAB_BYTES / 4) {
      array = new byte[length]; // a large one gets its own array rather than wasting most of a slab
      from = 0;
    } else {
      if (used + length > slab.length) {
        slab = new byte[SLAB_BYTES];
        used = 0;
      }
      array = slab;
      from = used;
      used += length;
    }
    System.arraycopy(first.array(), 0, array, from, first.length());
    System.arraycopy(second.array(), 0, array, from + first.length(), second.length());
  }
}
