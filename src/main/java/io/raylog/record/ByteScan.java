package io.raylog.record;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte searches on the hot path, eight bytes at a time (SWAR: the classic "has a zero byte" bit trick on a long).
 * Every line is searched for its newline, checked for non-ASCII bytes and scanned for JSON escapes, so these loops
 * decide raylog's CPU per GiB. Stateless and thread-safe.
 */
public final class ByteScan {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long NEWLINES = ONES * '\n';
  private static final long QUOTES = ONES * '"';
  private static final long BACKSLASHES = ONES * '\\';
  private static final long SPACES = ONES * 0x20;

  private ByteScan() {}

  /** Index of the first {@code \n} in {@code [from, to)}, or -1. */
  public static int indexOfNewline(byte[] bytes, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long word = (long) LONGS.get(bytes, i);
      long found = zeroBytes(word ^ NEWLINES);
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** Whether every byte of {@code [from, from + length)} is ASCII. */
  public static boolean isAscii(byte[] bytes, int from, int length) {
    int i = from;
    int end = from + length;
    long high = 0;
    for (; i + 8 <= end; i += 8) {
      high |= (long) LONGS.get(bytes, i);
    }
    if ((high & HIGHS) != 0) {
      return false;
    }
    for (; i < end; i++) {
      if (bytes[i] < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Index of the first byte in {@code [from, to)} that a JSON string must escape (a control character, {@code "} or
   * {@code \}), or {@code to} when there is none. Bytes of 0x80 and above need no escape in UTF-8 JSON.
   */
  public static int indexOfJsonEscape(byte[] bytes, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long word = (long) LONGS.get(bytes, i);
      // A byte below 0x20 with its high bit clear borrows in (word - 0x20…): that is the "less than" trick.
      long control = (word - SPACES) & ~word & HIGHS;
      long found = control | zeroBytes(word ^ QUOTES) | zeroBytes(word ^ BACKSLASHES);
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      int b = bytes[i] & 0xFF;
      if (b < 0x20 || b == '"' || b == '\\') {
        return i;
      }
    }
    return to;
  }

  /**
   * The high bit of each byte of {@code word} that is zero. Exact for the lowest such byte, which is all the
   * searches use (a borrow can only flag bytes above a true zero byte).
   */
  private static long zeroBytes(long word) {
    return (word - ONES) & ~word & HIGHS;
  }

  /**
   * Where {@code needle} first occurs in {@code bytes[from, to)}, or -1; an empty needle occurs at {@code from}.
   * Finds candidates by the needle's first byte ({@link java.util.Arrays#mismatch} compares the rest with the JDK's
   * vectorised loop). Sink filters test messages with it, once per record and sink.
   */
  public static int indexOf(byte[] bytes, int from, int to, byte[] needle) {
    int n = needle.length;
    if (n == 0) {
      return from;
    }
    byte first = needle[0];
    for (int i = from, last = to - n; i <= last; i++) {
      if (bytes[i] == first && (n == 1 || java.util.Arrays.mismatch(bytes, i + 1, i + n, needle, 1, n) < 0)) {
        return i;
      }
    }
    return -1;
  }
}
