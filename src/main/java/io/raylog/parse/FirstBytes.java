package io.raylog.parse;

import java.util.BitSet;

/**
 * The first bytes of the lines a {@link LinePattern} can match: byte values 0-255, and {@link #EMPTY_LINE} for the
 * line that has none. {@link MultilineRules} files its rules by these, so that a line is only tried against the
 * patterns that can match a line starting as it does. A pattern's set must hold the first byte of every line it
 * matches (more is harmless, {@link #ANY} always right). Immutable; built once, with the rule tables.
 */
final class FirstBytes {
  /** The key of the empty line, after the 256 byte values. */
  static final int EMPTY_LINE = 256;
  static final int KEYS = EMPTY_LINE + 1;
  static final FirstBytes ANY = range(0, EMPTY_LINE);

  private final BitSet keys;

  private FirstBytes(BitSet keys) {
    this.keys = keys;
  }

  /** The key a line is filed under: its first byte, unsigned, or {@link #EMPTY_LINE}. */
  static int keyOf(byte[] bytes, int from, int length) {
    return length == 0 ? EMPTY_LINE : bytes[from] & 0xff;
  }

  /** Byte values (a {@code char} reads as its value: {@code of('[')}) and maybe {@link #EMPTY_LINE}. */
  static FirstBytes of(int... keys) {
    BitSet set = new BitSet(KEYS);
    for (int key : keys) {
      set.set(checked(key));
    }
    return new FirstBytes(set);
  }

  /** The keys {@code first} to {@code last}, both included. */
  static FirstBytes range(int first, int last) {
    BitSet set = new BitSet(KEYS);
    set.set(checked(first), checked(last) + 1);
    return new FirstBytes(set);
  }

  FirstBytes or(FirstBytes other) {
    BitSet union = (BitSet) keys.clone();
    union.or(other.keys);
    return new FirstBytes(union);
  }

  boolean contains(int key) {
    return keys.get(key);
  }

  private static int checked(int key) {
    if (key < 0 || key >= KEYS) {
      throw new IllegalArgumentException("not a byte value nor EMPTY_LINE: " + key);
    }
    return key;
  }

  @Override
  public String toString() {
    return keys.toString();
  }
}
