package io.raylog.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationFormatTest {

  @ParameterizedTest(name = "{0} = {1} ms")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          0        | 0
          0ms      | 0
          0s       | 0
          250ms    | 250
          1s       | 1000
          1.5s     | 1500
          5m       | 300000
          2h       | 7200000
          1h30m    | 5400000
          1m500ms  | 60500
          ' 10s '  | 10000
          """)
  void parses(String text, long millis) throws InvalidValueException {
    assertThat(DurationFormat.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest(name = "{0} is rejected ({1})")
  @CsvSource(
      delimiter = '|',
      nullValues = "none",
      textBlock =
          """
          250                 | a unit is needed: ms, s, m or h
          1.5                 | a unit is needed: ms, s, m or h
          00                  | a unit is needed: ms, s, m or h
          -1s                 | durations cannot be negative
          -5                  | durations cannot be negative
          soon                | none
          ''                  | none
          5 s                 | none
          1d                  | none
          5M                  | none
          s                   | none
          999999999999999h    | too long
          """)
  void rejects(String text, String hint) {
    assertThatThrownBy(() -> DurationFormat.parse(text))
        .isInstanceOfSatisfying(
            InvalidValueException.class, e -> assertThat(e.hint()).isEqualTo(Optional.ofNullable(hint)));
  }

  @ParameterizedTest(name = "{0} ms shows as {1}")
  @CsvSource({"0, 0", "250, 250ms", "1000, 1s", "1500, 1500ms", "60000, 60s", "120000, 120s", "300000, 5m",
      "3600000, 1h", "5400000, 90m"})
  void formats(long millis, String text) {
    assertThat(DurationFormat.format(Duration.ofMillis(millis))).isEqualTo(text);
  }

  @Test
  void formatsFractionsOfAMillisecond() {
    assertThat(DurationFormat.format(Duration.ofNanos(1_500))).isEqualTo("0.0015ms");
  }

  /** Law: whatever format writes, parse reads back to the same duration. */
  @Test
  void formatThenParseIsIdentity() throws InvalidValueException {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    for (int i = 0; i < 10_000; i++) {
      Duration duration = Duration.ofNanos(random.nextLong(Duration.ofDays(1).toNanos()));
      if (random.nextBoolean()) {
        duration = Duration.ofMillis(duration.toMillis());
      }
      assertThat(DurationFormat.parse(DurationFormat.format(duration)))
          .as("seed %d, duration %s", seed, duration)
          .isEqualTo(duration);
    }
  }
}
