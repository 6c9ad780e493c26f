package io.raylog.parse;

import io.raylog.record.RayKey;

/**
 * The {@code key=value} pairs Ray appends to a message: C++ context fields ({@code RAY_LOG(INFO).WithField(k, v)})
 * and the TEXT encoding of Ray's structured logging. They are read from the end of the message backwards, one
 * space-separated {@code key=value} token at a time, until a token that is not one; keys named like a
 * {@link RayKey} go to {@code ray}, the others to {@code attributes}. A token after a word ending in a comma is
 * part of the message's own list ({@code graceful=false, reason=x}), not a field. A message made only of such tokens is kept
 * whole (its pairs are still read), so a record never loses its text.
 */
final class KeyValueTail {
  static final int MAX_PAIRS = 64;

  private KeyValueTail() {}

  /** Reads the trailing pairs of the message in {@code line} and cuts them off it. */
  static void read(ParsedLine line) {
    byte[] b = line.message;
    int from = line.messageFrom;
    int end = from + line.messageLength;
    int[] starts = line.pairStarts;
    int count = 0;
    int tokenEnd = end;
    while (count < MAX_PAIRS && tokenEnd > from) {
      int space = tokenEnd - 1;
      while (space >= from && b[space] != ' ') {
        space--;
      }
      int tokenStart = space + 1;
      if (!isPair(b, tokenStart, tokenEnd) || (space > from && b[space - 1] == ',')) {
        break; // after "a," the token belongs to a comma-separated list in the message
      }
      starts[count++] = tokenStart;
      if (space < from) {
        break;
      }
      tokenEnd = space;
    }
    if (count == 0) {
      return;
    }
    int pairsStart = starts[count - 1];
    int tokenEndForward;
    for (int i = count - 1; i >= 0; i--) {
      int start = starts[i];
      tokenEndForward = i == 0 ? end : starts[i - 1] - 1;
      int equals = start;
      while (b[equals] != '=') {
        equals++;
      }
      RayKey rayKey = RayKey.byName(b, start, equals - start);
      if (rayKey != null) {
        line.fields.string(rayKey, b, equals + 1, tokenEndForward - equals - 1);
      } else {
        line.fields.attribute(b, start, equals - start, equals + 1, tokenEndForward - equals - 1);
      }
    }
    if (pairsStart > from) {
      line.message(from, pairsStart - 1);
    }
  }

  /** {@code [A-Za-z_][A-Za-z0-9_.]*=} followed by at least one byte. */
  private static boolean isPair(byte[] b, int start, int end) {
    if (start >= end || !(isLetter(b[start]) || b[start] == '_')) {
      return false;
    }
    for (int i = start + 1; i < end; i++) {
      byte c = b[i];
      if (c == '=') {
        return i + 1 < end;
      }
      if (!(isLetter(c) || LocalTimes.isDigit(c) || c == '_' || c == '.')) {
        return false;
      }
    }
    return false;
  }

  private static boolean isLetter(byte c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
