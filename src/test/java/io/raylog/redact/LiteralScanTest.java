package io.raylog.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The prefilter finds exactly the rules one of whose literals a text holds, in any ASCII case, anywhere in it. */
class LiteralScanTest {

  @Test
  void findsEveryRuleWhoseLiteralTheTextHoldsAndNoOther() {
    List<List<String>> literals = BuiltinRules.ALL.stream().map(RedactRule::literals).toList();
    LiteralScan scan = new LiteralScan(literals);
    long seed = System.nanoTime();
    Random random = new Random(seed);
    String alphabet = "aAkKiIsSpPwWdDtToOeEnN_-=:/gGhHxXbBrR-yYjJ zZé";
    for (int round = 0; round < 20_000; round++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(40);
      for (int i = 0; i < length; i++) {
        if (random.nextInt(30) == 0) {
          List<String> some = literals.get(random.nextInt(literals.size()));
          String literal = some.get(random.nextInt(some.size()));
          text.append(random.nextBoolean() ? literal.toUpperCase(Locale.ROOT) : literal);
        } else {
          text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
      }
      byte[] padded = ("«" + text + "»").getBytes(StandardCharsets.UTF_8);
      int from = "«".getBytes(StandardCharsets.UTF_8).length;
      int bytes = text.toString().getBytes(StandardCharsets.UTF_8).length;
      assertThat(scan.scan(padded, from, bytes)).as("seed %d: %s", seed, text).isEqualTo(naive(literals, text.toString()));
    }
  }

  private static long naive(List<List<String>> literals, String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    long found = 0;
    for (int rule = 0; rule < literals.size(); rule++) {
      for (String literal : literals.get(rule)) {
        if (lower.contains(literal)) {
          found |= 1L << rule;
        }
      }
    }
    return found;
  }
}
