package io.raylog.redact;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Which rules a text may match, from the literals each rule needs, found in one pass over the UTF-8 bytes without
 * decoding them: most lines hold none, and this pass is all they cost. Case-insensitive for ASCII (a rule's
 * expression decides on case). Each position is looked up by its two bytes in a table of the literals' first two bytes
 * in every case (so the hot loop lowercases nothing); only the few positions that start a literal's pair are compared
 * further.
 *
 * <p>Immutable; thread-safe.
 */
final class LiteralScan {
  private static final int[] LOWER = new int[256];

  static {
    for (int b = 0; b < 256; b++) {
      LOWER[b] = b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
    }
  }

  /** By two bytes ({@code first << 8 | second}), in any case: 1 + the index of their bucket, 0 for none. */
  private final byte[] pairs = new byte[1 << 16];
  /** The literals (lowercase bytes) starting with each bucket's pair, and the rules each one stands for. */
  private final byte[][][] literals;
  private final long[][] masks;
  private final int shortest;

  /**
   * @param literalsByRule for the rule of bit {@code i} (at most 64 rules), the literals of which it needs one, each
   *     at least 2 bytes; an empty list for a rule with no literal, which the scan never reports
   */
  LiteralScan(List<List<String>> literalsByRule) {
    if (literalsByRule.size() > 64) {
      throw new IllegalArgumentException("at most 64 rules, got " + literalsByRule.size());
    }
    List<List<byte[]>> bucketLiterals = new ArrayList<>();
    List<List<Long>> bucketMasks = new ArrayList<>();
    int min = Integer.MAX_VALUE;
    for (int rule = 0; rule < literalsByRule.size(); rule++) {
      for (String literal : literalsByRule.get(rule)) {
        byte[] bytes = literal.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 2) {
          throw new IllegalArgumentException("a literal needs 2 bytes at least: " + literal);
        }
        min = Math.min(min, bytes.length);
        int pair = (bytes[0] & 0xff) << 8 | (bytes[1] & 0xff);
        if (pairs[pair] == 0) {
          bucketLiterals.add(new ArrayList<>());
          bucketMasks.add(new ArrayList<>());
          if (bucketLiterals.size() > 127) {
            throw new IllegalArgumentException("too many distinct literal prefixes");
          }
          for (int first : cases(bytes[0] & 0xff)) {
            for (int second : cases(bytes[1] & 0xff)) {
              pairs[first << 8 | second] = (byte) bucketLiterals.size();
            }
          }
        }
        bucketLiterals.get(pairs[pair] - 1).add(bytes);
        bucketMasks.get(pairs[pair] - 1).add(1L << rule);
      }
    }
    literals = bucketLiterals.stream().map(l -> l.toArray(byte[][]::new)).toArray(byte[][][]::new);
    masks = bucketMasks.stream().map(m -> m.stream().mapToLong(Long::longValue).toArray()).toArray(long[][]::new);
    shortest = min == Integer.MAX_VALUE ? Integer.MAX_VALUE : min;
  }

  /**
   * Where the literals are: their offsets from the start of the text scanned and, for each, the rules it stands for.
   * Filled by {@link #scan(byte[], int, int, Hits)} in ascending order, at most {@link #MAX} of them (a text with more
   * is marked {@link #overflow}: its rules then search the whole text). Not thread-safe: one per redactor.
   */
  static final class Hits {
    static final int MAX = 256;
    final int[] offsets = new int[MAX];
    final long[] rules = new long[MAX];
    int count;
    boolean overflow;

    void clear() {
      count = 0;
      overflow = false;
    }

    private void add(int offset, long rulesHere) {
      if (count == MAX) {
        overflow = true;
      } else {
        offsets[count] = offset;
        rules[count++] = rulesHere;
      }
    }
  }

  /** A lowercase byte and, for a letter, its uppercase. */
  private static int[] cases(int lower) {
    return lower >= 'a' && lower <= 'z' ? new int[] {lower, lower - ('a' - 'A')} : new int[] {lower};
  }

  /** The bits of the rules one of whose literals {@code length} bytes of {@code text} from {@code from} hold. */
  long scan(byte[] text, int from, int length) {
    return scan(text, from, length, null);
  }

  /** As {@link #scan(byte[], int, int)}, and where each literal is, into {@code hits} (cleared first) unless null. */
  long scan(byte[] text, int from, int length, Hits hits) {
    if (hits != null) {
      hits.clear();
    }
    if (length < shortest) {
      return 0;
    }
    long found = 0;
    int last = from + length - 1;
    int previous = text[from] & 0xff;
    for (int i = from; i < last; i++) {
      int next = text[i + 1] & 0xff;
      int bucket = pairs[previous << 8 | next];
      previous = next;
      if (bucket != 0) {
        long here = verify(bucket - 1, text, i, from + length);
        if (here != 0 && hits != null) {
          hits.add(i - from, here);
        }
        found |= here;
      }
    }
    return found;
  }

  private long verify(int bucket, byte[] text, int at, int end) {
    long found = 0;
    byte[][] candidates = literals[bucket];
    for (int c = 0; c < candidates.length; c++) {
      byte[] literal = candidates[c];
      if (at + literal.length <= end && startsAt(literal, text, at)) {
        found |= masks[bucket][c];
      }
    }
    return found;
  }

  private static boolean startsAt(byte[] literal, byte[] text, int at) {
    for (int i = 2; i < literal.length; i++) {
      if (LOWER[text[at + i] & 0xff] != (literal[i] & 0xff)) {
        return false;
      }
    }
    return true;
  }
}
