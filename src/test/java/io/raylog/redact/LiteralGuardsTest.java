package io.raylog.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A guard turns away only what its rule could not match: wherever a built-in rule's expression matches from one of
 * its literals, on random texts made of the bytes that decide (separators, quotes, escapes, URL delimiters), the guard
 * admits the bytes after that literal. A guard that turned away a match would let that secret through.
 */
class LiteralGuardsTest {
  private static final String BYTES_THAT_DECIDE = "  \t=:\"'\\sS/@?#[]aZ9._-é";
  /**
   * What the rules need after the decisive bytes, too long to come at random: a scheme's word, 40 bytes of base64
   * (an AWS secret key), a user and a password.
   */
  private static final List<String> RUNS = List.of("Basic ", "Ab9+/Ab9+/Ab9+/Ab9+/Ab9+/Ab9+/Ab9+/Ab9+/", "user",
      ":pw@");

  private static final int MATCHES = 50;
  private static final int MAX_ROUNDS = 2_000_000;

  @Test
  void everyGuardAdmitsWhateverItsRuleMatches() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    for (RedactRule rule : BuiltinRules.ALL) {
      if (rule.guard() == null) {
        continue;
      }
      Matcher matcher = rule.pattern().matcher("").useTransparentBounds(true).useAnchoringBounds(false);
      int matched = 0;
      // At least 100,000 texts, and on until the rule has matched 50 of them: basic_auth matches about 31 in
      // 100,000 (23 to 50 over 40 seeds), so a fixed count would leave it a few matches some runs.
      for (int round = 0; round < MAX_ROUNDS && (round < 100_000 || matched < MATCHES); round++) {
        String literal = rule.literals().get(random.nextInt(rule.literals().size()));
        String before = random.nextBoolean() ? "x" : " ";
        StringBuilder after = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
          if (random.nextInt(3) == 0) {
            after.append(RUNS.get(random.nextInt(RUNS.size())));
          } else {
            after.append(BYTES_THAT_DECIDE.charAt(random.nextInt(BYTES_THAT_DECIDE.length())));
          }
        }
        String cased = random.nextBoolean() ? literal.toUpperCase(Locale.ROOT) : literal;
        String text = before + cased + after;
        matcher.reset(text).region(before.length(), text.length());
        if (matcher.lookingAt()) {
          matched++;
          byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
          int end = (before + cased).getBytes(StandardCharsets.UTF_8).length;
          assertThat(rule.guard().admits(bytes, end, bytes.length))
              .as("seed %d, rule %s: %s", seed, rule.name(), text).isTrue();
        }
      }
      assertThat(matched).as("seed %d, rule %s: texts it matched", seed, rule.name()).isGreaterThanOrEqualTo(MATCHES);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      tokens_per_second=512              | token  | false
      the token is refreshed             | token  | false
      TOKEN:abc                          | token  | true
      'token': 'abc'                     | token  | true
      \\"token\\": \\"abc\\"             | token  | true
      password = hunter2                 | password | true
      credentials=abc                    | credential | true
      s3://ml-datasets/train/part-0.parquet | :// | false
      gcs://_ray_pkg_abc.zip             | ://    | false
      https://user:pa55@example.com/x    | ://    | true
      https://:pa55@example.com/x        | ://    | true
      https://user:@example.com/x        | ://    | false
      """)
  void turnsAwayTheLiteralsOfRayLinesThatHoldNoSecret(String text, String literal, boolean admitted) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int at = text.toLowerCase(Locale.ROOT).indexOf(literal);
    LiteralGuard guard = BuiltinRules.ALL.stream().filter(r -> r.literals().contains(literal)).findFirst()
        .orElseThrow().guard();
    assertThat(guard.admits(bytes, at + literal.length(), bytes.length)).isEqualTo(admitted);
    assertThat(LiteralScan.of(BuiltinRules.ALL).scan(bytes, 0, bytes.length) != 0).isEqualTo(admitted);
  }
}
