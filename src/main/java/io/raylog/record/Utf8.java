package io.raylog.record;

/** UTF-8 facts needed on the hot path, on raw bytes. Stateless and thread-safe. */
public final class Utf8 {
  private Utf8() {}

  /**
   * The largest length {@code <= maxLength} at which {@code bytes[from..]} can be cut without splitting a UTF-8
   * sequence. Falls back to {@code maxLength} when the bytes are not valid UTF-8 around the cut.
   */
  public static int safeCut(byte[] bytes, int from, int maxLength) {
    int cut = maxLength;
    // Step back over at most 3 continuation bytes (10xxxxxx) to the start of the sequence at the cut.
    for (int back = 0; back < 4 && cut > 0; back++) {
      int b = bytes[from + cut] & 0xFF;
      if ((b & 0xC0) != 0x80) {
        return cut;
      }
      cut--;
    }
    return maxLength;
  }

  /** Whether the bytes are well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF). */
  public static boolean isValid(byte[] bytes, int from, int length) {
    int i = from;
    int end = from + length;
    while (i < end) {
      int b = bytes[i] & 0xFF;
      if (b < 0x80) {
        i++;
        continue;
      }
      int needed;
      int min;
      if (b >= 0xC2 && b <= 0xDF) {
        needed = 1;
        min = 0x80;
      } else if (b >= 0xE0 && b <= 0xEF) {
        needed = 2;
        min = 0x800;
      } else if (b >= 0xF0 && b <= 0xF4) {
        needed = 3;
        min = 0x10000;
      } else {
        return false;
      }
      if (i + needed >= end) {
        return false;
      }
      int cp = b & (0x3F >> needed);
      for (int k = 1; k <= needed; k++) {
        int c = bytes[i + k] & 0xFF;
        if ((c & 0xC0) != 0x80) {
          return false;
        }
        cp = (cp << 6) | (c & 0x3F);
      }
      if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return false;
      }
      i += needed + 1;
    }
    return true;
  }
}
