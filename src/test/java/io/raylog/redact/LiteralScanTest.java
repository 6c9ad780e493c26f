package io.raylog.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The prefilter finds exactly the places where a literal of a rule starts, in any ASCII case, anywhere in a text
 * (first byte, last bytes, next to multi-byte characters), and only where the rule's guard admits what follows, for
 * literal sets whose shortest literal is 2, 3 and 4 bytes or more (windows of 3 and 4 bytes, with and without a byte
 * past a short literal).
 */
class LiteralScanTest {

  record Case(String name, List<List<String>> literals, List<LiteralGuard> guards, String alphabet) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    cases.add(new Case("the built-in rules", BuiltinRules.ALL.stream().map(RedactRule::literals).toList(),
        BuiltinRules.ALL.stream().map(RedactRule::guard).toList(),
        "aAkKiIsSpPwWdDtToOeEnN_-=:/gGhHxXbBrR-yYjJ zZé\"'\\@"));
    cases.add(new Case("two-byte literals", List.of(List.of("ab", "qq"), List.of("b:")), Arrays.asList(null, null),
        "abABqQ:é "));
    cases.add(new Case("three-byte literals", List.of(List.of("abc"), List.of("://", "key")),
        Arrays.asList(null, LiteralGuard.ASSIGNMENT), "abcABC:/=kKeEyY \"é"));
    cases.add(new Case("long literals only", List.of(List.of("password", "passwd"), List.of("secret")),
        Arrays.asList(LiteralGuard.ASSIGNMENT, null), "pPaAsSwWoOrRdDeEcCtT= :é"));
    return cases;
  }

  @ParameterizedTest
  @MethodSource("cases")
  void findsEveryPlaceALiteralStartsAndNoOther(Case c) {
    LiteralScan scan = new LiteralScan(c.literals(), c.guards());
    LiteralScan.Hits hits = new LiteralScan.Hits();
    long seed = System.nanoTime();
    Random random = new Random(seed);
    int found = 0;
    for (int round = 0; round < 20_000; round++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(40);
      for (int i = 0; i < length; i++) {
        if (random.nextInt(12) == 0) {
          List<String> some = c.literals().get(random.nextInt(c.literals().size()));
          String literal = some.get(random.nextInt(some.size()));
          text.append(random.nextBoolean() ? literal.toUpperCase(Locale.ROOT) : literal);
        } else {
          text.append(c.alphabet().charAt(random.nextInt(c.alphabet().length())));
        }
      }
      byte[] padded = ("«" + text + "»").getBytes(StandardCharsets.UTF_8);
      int from = "«".getBytes(StandardCharsets.UTF_8).length;
      int bytes = text.toString().getBytes(StandardCharsets.UTF_8).length;
      List<long[]> expected = naive(c, padded, from, from + bytes);
      long rules = scan.scan(padded, from, bytes, hits);
      List<long[]> actual = new ArrayList<>();
      for (int h = 0; h < hits.count; h++) {
        actual.add(new long[] {hits.offsets[h], hits.rules[h]});
      }
      assertThat(actual).as("seed %d: %s", seed, text).usingElementComparator(Arrays::compare)
          .containsExactlyElementsOf(expected);
      assertThat(rules).as("seed %d: %s", seed, text)
          .isEqualTo(expected.stream().mapToLong(e -> e[1]).reduce(0, (a, b) -> a | b));
      assertThat(scan.scan(padded, from, bytes)).isEqualTo(rules);
      found += expected.size();
    }
    assertThat(found).as("literals placed in the texts").isGreaterThan(10_000);
  }

  /** Every place of {@code text[from, end)} where a literal starts and its guard admits what follows. */
  private static List<long[]> naive(Case c, byte[] text, int from, int end) {
    List<long[]> places = new ArrayList<>();
    for (int at = from; at < end; at++) {
      long rules = 0;
      for (int rule = 0; rule < c.literals().size(); rule++) {
        for (String literal : c.literals().get(rule)) {
          byte[] bytes = literal.getBytes(StandardCharsets.UTF_8);
          LiteralGuard guard = c.guards().get(rule);
          if (at + bytes.length <= end && lowercase(text, at, bytes.length).equals(literal)
              && (guard == null || guard.admits(text, at + bytes.length, end))) {
            rules |= 1L << rule;
          }
        }
      }
      if (rules != 0) {
        places.add(new long[] {at - from, rules});
      }
    }
    return places;
  }

  private static String lowercase(byte[] text, int at, int length) {
    byte[] lower = Arrays.copyOfRange(text, at, at + length);
    for (int i = 0; i < lower.length; i++) {
      if (lower[i] >= 'A' && lower[i] <= 'Z') {
        lower[i] += 'a' - 'A';
      }
    }
    return new String(lower, StandardCharsets.ISO_8859_1);
  }
}
