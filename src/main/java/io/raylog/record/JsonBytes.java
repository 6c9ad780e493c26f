package io.raylog.record;

import java.util.Arrays;

/**
 * A growable byte array that writes JSON as UTF-8, the hot path of every record encoding. Strings are escaped per
 * RFC 8259; a lone surrogate becomes U+FFFD so the output is always valid UTF-8. Not thread-safe.
 */
public final class JsonBytes {
  private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
      .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private byte[] bytes;
  private int length;

  public JsonBytes(int initialCapacity) {
    bytes = new byte[Math.max(16, initialCapacity)];
  }

  public int length() {
    return length;
  }

  public byte[] array() {
    return bytes;
  }

  public void clear() {
    length = 0;
  }

  /** Drops what was written after the first {@code newLength} bytes. */
  public void truncate(int newLength) {
    if (newLength < 0 || newLength > length) {
      throw new IllegalArgumentException("cannot truncate " + length + " bytes to " + newLength);
    }
    length = newLength;
  }

  /** Drops a grown array above {@code maxBytes} (after an exceptional batch), so it is not kept alive. */
  public void shrinkTo(int maxBytes) {
    if (bytes.length > maxBytes) {
      bytes = new byte[maxBytes];
      length = 0;
    }
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, length);
  }

  /** Appends ASCII text verbatim: JSON punctuation and keys. */
  public JsonBytes raw(String ascii) {
    ensure(ascii.length());
    for (int i = 0, n = ascii.length(); i < n; i++) {
      bytes[length++] = (byte) ascii.charAt(i);
    }
    return this;
  }

  public JsonBytes raw(byte[] source) {
    ensure(source.length);
    System.arraycopy(source, 0, bytes, length, source.length);
    length += source.length;
    return this;
  }

  /** Appends the first {@code count} bytes of {@code source} verbatim. */
  public JsonBytes raw(byte[] source, int count) {
    return raw(source, 0, count);
  }

  public JsonBytes raw(byte[] source, int from, int count) {
    ensure(count);
    System.arraycopy(source, from, bytes, length, count);
    length += count;
    return this;
  }

  /**
   * Appends 128 bits, {@code high} then {@code low} (big-endian), as 22 base64url characters without padding: what
   * {@code Base64.getUrlEncoder().withoutPadding()} writes for their 16 bytes, without the array.
   */
  public JsonBytes base64url(long high, long low) {
    ensure(22);
    byte[] b = bytes;
    int at = length;
    for (int shift = 58; shift >= 4; shift -= 6) { // 10 groups of 6 bits of the high word
      b[at++] = BASE64URL[(int) (high >>> shift) & 63];
    }
    b[at++] = BASE64URL[(int) ((high & 15) << 2 | low >>> 62)]; // its last 4 bits and the low word's first 2
    for (int shift = 56; shift >= 2; shift -= 6) { // 10 groups of the low word
      b[at++] = BASE64URL[(int) (low >>> shift) & 63];
    }
    b[at++] = BASE64URL[(int) (low & 3) << 4]; // its last 2 bits, padded with zeros
    length = at;
    return this;
  }

  public JsonBytes raw(char c) {
    ensure(1);
    bytes[length++] = (byte) c;
    return this;
  }

  public JsonBytes number(long value) {
    if (value < 0) {
      return raw(Long.toString(value)); // offsets and counts are never negative; keep the rare case simple
    }
    ensure(20);
    int digits = digits(value);
    int end = length + digits;
    int i = end;
    while (value >= 100) {
      int pair = (int) (value % 100);
      value /= 100;
      bytes[--i] = (byte) ('0' + pair % 10);
      bytes[--i] = (byte) ('0' + pair / 10);
    }
    if (value >= 10) {
      bytes[--i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    bytes[--i] = (byte) ('0' + value);
    length = end;
    return this;
  }

  private static int digits(long value) {
    long bound = 10;
    for (int digits = 1; digits < 19; digits++) {
      if (value < bound) {
        return digits;
      }
      bound *= 10;
    }
    return 19;
  }

  /** Appends a quoted, escaped JSON string. */
  public JsonBytes string(String value) {
    int n = value.length();
    ensure(n + 2);
    bytes[length++] = '"';
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
        // Capacity: reserved n + 2 above; escapes and multi-byte chars reserve their extra bytes below.
        bytes[length++] = (byte) c;
      } else {
        i = special(value, i, c, n - i);
      }
    }
    ensure(1);
    bytes[length++] = '"';
    return this;
  }

  /**
   * Appends a quoted JSON string from bytes that are valid UTF-8 (the reader guarantees it): runs of bytes that need
   * no escape are copied whole; only control characters, {@code "} and {@code \\} are escaped.
   */
  public JsonBytes utf8String(byte[] source, int from, int count) {
    ensure(count + 2);
    bytes[length++] = '"';
    int end = from + count;
    int run = from;
    for (int i = ByteScan.indexOfJsonEscape(source, from, end); i < end; i = ByteScan.indexOfJsonEscape(source, i + 1, end)) {
      int n = i - run;
      System.arraycopy(source, run, bytes, length, n);
      length += n;
      ensure(end - i + 6);
      escapeAscii((char) source[i]);
      run = i + 1;
    }
    int n = end - run;
    System.arraycopy(source, run, bytes, length, n);
    length += n;
    ensure(1);
    bytes[length++] = '"';
    return this;
  }

  private void escapeAscii(char c) {
    bytes[length++] = '\\';
    switch (c) {
      case '"' -> bytes[length++] = '"';
      case '\\' -> bytes[length++] = '\\';
      case '\n' -> bytes[length++] = 'n';
      case '\r' -> bytes[length++] = 'r';
      case '\t' -> bytes[length++] = 't';
      case '\b' -> bytes[length++] = 'b';
      case '\f' -> bytes[length++] = 'f';
      default -> {
        bytes[length++] = 'u';
        bytes[length++] = '0';
        bytes[length++] = '0';
        bytes[length++] = HEX[(c >> 4) & 0xF];
        bytes[length++] = HEX[c & 0xF];
      }
    }
  }

  private int special(String value, int i, char c, int remaining) {
    ensure(remaining + 12);
    if (c < 0x80) {
      escapeAscii(c);
      return i;
    }
    if (c < 0x800) {
      bytes[length++] = (byte) (0xC0 | (c >> 6));
      bytes[length++] = (byte) (0x80 | (c & 0x3F));
      return i;
    }
    if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
      int cp = Character.toCodePoint(c, value.charAt(i + 1));
      bytes[length++] = (byte) (0xF0 | (cp >> 18));
      bytes[length++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
      bytes[length++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
      bytes[length++] = (byte) (0x80 | (cp & 0x3F));
      return i + 1;
    }
    if (Character.isSurrogate(c)) {
      c = '\uFFFD';
    }
    bytes[length++] = (byte) (0xE0 | (c >> 12));
    bytes[length++] = (byte) (0x80 | ((c >> 6) & 0x3F));
    bytes[length++] = (byte) (0x80 | (c & 0x3F));
    return i;
  }

  private void ensure(int extra) {
    int needed = length + extra;
    if (needed > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
    }
  }
}
