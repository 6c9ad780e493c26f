package io.raylog.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteSizeTest {

  @ParameterizedTest(name = "{0} = {1} bytes")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          0            | 0
          1048576      | 1048576
          10B          | 10
          1KB          | 1000
          1kb          | 1000
          64KiB        | 65536
          64kib        | 65536
          2 MiB        | 2097152
          1.5MB        | 1500000
          1.5KiB       | 1536
          1MB          | 1000000
          1GB          | 1000000000
          3GiB         | 3221225472
          ' 4KiB '     | 4096
          """)
  void parses(String text, long bytes) throws InvalidValueException {
    assertThat(ByteSize.parse(text)).isEqualTo(bytes);
  }

  @ParameterizedTest(name = "{0} is rejected ({1})")
  @CsvSource(
      delimiter = '|',
      nullValues = "none",
      textBlock =
          """
          big                 | none
          ''                  | none
          KiB                 | none
          1.KiB               | none
          -5                  | sizes cannot be negative
          -1KiB               | sizes cannot be negative
          5kilos              | units are B, KB, KiB, MB, MiB, GB, GiB
          5K                  | units are B, KB, KiB, MB, MiB, GB, GiB
          1.1B                | not a whole number of bytes
          0.5                 | not a whole number of bytes
          99999999999GiB      | too large
          99999999999999999999 | too large
          """)
  void rejects(String text, String hint) {
    assertThatThrownBy(() -> ByteSize.parse(text))
        .isInstanceOfSatisfying(
            InvalidValueException.class, e -> assertThat(e.hint()).isEqualTo(Optional.ofNullable(hint)));
  }

  @ParameterizedTest(name = "{0} bytes shows as {1}")
  @CsvSource({"0, 0", "1, 1", "1000, 1000", "1024, 1KiB", "1536, 1536", "65536, 64KiB", "1048576, 1MiB",
      "3221225472, 3GiB"})
  void formats(long bytes, String text) {
    assertThat(ByteSize.format(bytes)).isEqualTo(text);
  }

  /** Law: whatever format writes, parse reads back to the same number. */
  @Test
  void formatThenParseIsIdentity() throws InvalidValueException {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    for (int i = 0; i < 10_000; i++) {
      long bytes = random.nextBoolean() ? random.nextLong() >>> 1 : (random.nextInt(1 << 20) * (1L << random.nextInt(40)));
      assertThat(ByteSize.parse(ByteSize.format(bytes))).as("seed %d, bytes %d", seed, bytes).isEqualTo(bytes);
    }
  }
}
