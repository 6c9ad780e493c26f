package io.raylog.record;

import java.nio.charset.StandardCharsets;

/**
 * The byte comparisons the parsers share: Ray's markers, prefixes and separators are ASCII, so they are matched on
 * the line's bytes without decoding it. Pure.
 */
public final class AsciiBytes {
  private AsciiBytes() {}

  public static byte[] of(String ascii) {
    return ascii.getBytes(StandardCharsets.US_ASCII);
  }

  /** Whether {@code b[at, end)} starts with {@code prefix}. */
  public static boolean startsWith(byte[] b, int at, int end, byte[] prefix) {
    return end - at >= prefix.length && java.util.Arrays.equals(b, at, at + prefix.length, prefix, 0, prefix.length);
  }

  /** The first position of {@code value} in {@code b[from, end)}, or -1. */
  public static int indexOf(byte[] b, int from, int end, byte value) {
    for (int i = from; i < end; i++) {
      if (b[i] == value) {
        return i;
      }
    }
    return -1;
  }

  /** The first position of {@code word} in {@code b[from, end)}, or -1. */
  public static int indexOf(byte[] b, int from, int end, byte[] word) {
    for (int i = from, last = end - word.length; i <= last; i++) {
      if (b[i] == word[0] && startsWith(b, i, end, word)) {
        return i;
      }
    }
    return -1;
  }
}
