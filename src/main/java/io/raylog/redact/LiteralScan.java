package io.raylog.redact;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which rules a text may match, from the literals each rule needs, found in one pass over the UTF-8 bytes without
 * decoding them: most lines hold none, and this pass is all they cost. Case-insensitive for ASCII (a rule's
 * expression decides on case).
 *
 * <p>The pass looks at one pair of bytes in every {@code w - 1}, where the window {@code w} is the shortest literal
 * plus one, at most 4: every literal's first {@code w} bytes (a literal shorter than that followed by any byte) hold
 * {@code w - 1} consecutive pairs, so one of them is looked at wherever a literal starts. A bitmap of those pairs, in
 * every case, 8 KiB (it stays in the first-level cache), says whether the pair looked at is one; most pairs of a log
 * line are not. Where it is, the {@code w - 1} places before it where a literal could start are compared, by their
 * first two bytes, with the literals that start so. The loads of one step do not depend on the step before (a search
 * that jumps by what it reads waits for each load in turn, and ran twice slower over the benchmark's lines). A
 * literal found counts only when its rule's {@link LiteralGuard} admits the bytes after it.
 *
 * <p>Immutable; thread-safe.
 */
final class LiteralScan {
  private static final int[] LOWER = new int[256];
  private static final int MAX_WINDOW = 4;

  static {
    for (int b = 0; b < 256; b++) {
      LOWER[b] = b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
    }
  }

  /** The window's length: the shortest literal plus one, at most {@link #MAX_WINDOW}. */
  private final int window;
  /** One bit per pair of bytes ({@code first << 8 | second}, in any case) that the window of some literal holds. */
  private final long[] flagged = new long[(1 << 16) / 64];
  /** By the first two bytes of a literal, in any case: 1 + the index of the bucket of literals starting with them. */
  private final byte[] buckets = new byte[1 << 16];
  /** The literals (lowercase bytes) of each bucket, the rules each one stands for, and their guards (or null). */
  private final byte[][][] literals;
  private final long[][] masks;
  private final LiteralGuard[][] guards;
  private final int shortest;

  /** The literals and guards of {@code rules}, the rule of index {@code i} reported as bit {@code i}. */
  static LiteralScan of(List<RedactRule> rules) {
    return new LiteralScan(rules.stream().map(RedactRule::literals).toList(),
        rules.stream().map(RedactRule::guard).toList());
  }

  /**
   * @param literalsByRule for the rule of bit {@code i} (at most 64 rules), the literals of which it needs one, each
   *     at least 2 bytes; an empty list for a rule with no literal, which the scan never reports
   * @param guardsByRule for the same rule, what must follow its literal, or null
   */
  LiteralScan(List<List<String>> literalsByRule, List<LiteralGuard> guardsByRule) {
    if (literalsByRule.size() > 64) {
      throw new IllegalArgumentException("at most 64 rules, got " + literalsByRule.size());
    }
    List<byte[]> all = new ArrayList<>();
    List<Long> rules = new ArrayList<>();
    List<LiteralGuard> ruleGuards = new ArrayList<>();
    for (int rule = 0; rule < literalsByRule.size(); rule++) {
      for (String literal : literalsByRule.get(rule)) {
        byte[] bytes = literal.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 2) {
          throw new IllegalArgumentException("a literal needs 2 bytes at least: " + literal);
        }
        all.add(bytes);
        rules.add(1L << rule);
        ruleGuards.add(guardsByRule.get(rule));
      }
    }
    shortest = all.stream().mapToInt(b -> b.length).min().orElse(Integer.MAX_VALUE);
    window = Math.min(MAX_WINDOW, shortest == Integer.MAX_VALUE ? 2 : shortest + 1);
    List<List<byte[]>> bucketLiterals = new ArrayList<>();
    List<List<Long>> bucketMasks = new ArrayList<>();
    List<List<LiteralGuard>> bucketGuards = new ArrayList<>();
    for (int l = 0; l < all.size(); l++) {
      byte[] bytes = all.get(l);
      for (int second = 1; second < window; second++) {
        for (int a : cases(bytes, second - 1)) {
          for (int b : cases(bytes, second)) {
            int pair = a << 8 | b;
            flagged[pair >>> 6] |= 1L << pair;
          }
        }
      }
      int pair = (bytes[0] & 0xff) << 8 | (bytes[1] & 0xff);
      if (buckets[pair] == 0) {
        bucketLiterals.add(new ArrayList<>());
        bucketMasks.add(new ArrayList<>());
        bucketGuards.add(new ArrayList<>());
        if (bucketLiterals.size() > 127) {
          throw new IllegalArgumentException("too many distinct literal prefixes");
        }
        for (int a : cases(bytes, 0)) {
          for (int b : cases(bytes, 1)) {
            buckets[a << 8 | b] = (byte) bucketLiterals.size();
          }
        }
      }
      bucketLiterals.get(buckets[pair] - 1).add(bytes);
      bucketMasks.get(buckets[pair] - 1).add(rules.get(l));
      bucketGuards.get(buckets[pair] - 1).add(ruleGuards.get(l));
    }
    literals = bucketLiterals.stream().map(b -> b.toArray(byte[][]::new)).toArray(byte[][][]::new);
    masks = bucketMasks.stream().map(m -> m.stream().mapToLong(Long::longValue).toArray()).toArray(long[][]::new);
    guards = bucketGuards.stream().map(g -> g.toArray(LiteralGuard[]::new)).toArray(LiteralGuard[][]::new);
  }

  /** The bytes position {@code at} of a literal may be, in every case: any byte past its end. */
  private static int[] cases(byte[] literal, int at) {
    if (at >= literal.length) {
      return java.util.stream.IntStream.range(0, 256).toArray();
    }
    int lower = literal[at] & 0xff;
    return lower >= 'a' && lower <= 'z' ? new int[] {lower, lower - ('a' - 'A')} : new int[] {lower};
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
    int end = from + length;
    int step = window - 1;
    int unchecked = from; // the first place not compared yet
    for (int second = from + 1; second < end; second += step) {
      int pair = (text[second - 1] & 0xff) << 8 | (text[second] & 0xff);
      if ((flagged[pair >>> 6] & 1L << pair) != 0) {
        for (int start = Math.max(unchecked, second - step); start < second; start++) {
          found |= compare(text, start, end, hits, from);
        }
        unchecked = second;
      }
    }
    // A literal shorter than the window, at the very end, has no byte after it: no pair of its window was looked at.
    for (int start = Math.max(unchecked, end - step); start < end - 1; start++) {
      found |= compare(text, start, end, hits, from);
    }
    return found;
  }

  /** The rules of the literals that start at {@code at}, added to {@code hits} unless null. */
  private long compare(byte[] text, int at, int end, Hits hits, int from) {
    int bucket = buckets[(text[at] & 0xff) << 8 | (text[at + 1] & 0xff)];
    if (bucket == 0) {
      return 0;
    }
    long found = 0;
    byte[][] candidates = literals[bucket - 1];
    for (int c = 0; c < candidates.length; c++) {
      byte[] literal = candidates[c];
      if (at + literal.length <= end && startsAt(literal, text, at)) {
        LiteralGuard guard = guards[bucket - 1][c];
        if (guard == null || admits(guard, text, at + literal.length, end)) {
          found |= masks[bucket - 1][c];
        }
      }
    }
    if (found != 0 && hits != null) {
      hits.add(at - from, found);
    }
    return found;
  }

  /**
   * The guard's call, in a method of its own on purpose: written in {@link #compare} (an interface call with three
   * implementations), it made the whole scan a quarter slower, 0.25 ns a byte over the benchmark's lines; called
   * through this method, it costs nothing measurable. The JIT's code for the hot loop is sensitive to what it holds.
   */
  private static boolean admits(LiteralGuard guard, byte[] text, int after, int end) {
    return guard.admits(text, after, end);
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
