package io.raylog.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Utf8Test {
  @ParameterizedTest(name = "{0} valid={1}")
  @CsvSource({
      "61, true", // a
      "c3a9, true", // é
      "e282ac, true", // €
      "f09f9880, true", // 😀
      "c0af, false", // overlong /
      "eda080, false", // surrogate
      "f4908080, false", // above U+10FFFF
      "e282, false", // truncated
      "80, false", // lone continuation
      "ff, false",
  })
  void validatesUtf8(String hex, boolean valid) {
    byte[] bytes = java.util.HexFormat.of().parseHex(hex);
    assertThat(Utf8.isValid(bytes, 0, bytes.length)).isEqualTo(valid);
  }

  @ParameterizedTest
  @CsvSource({"ab€cd, 3, 2", "ab€cd, 4, 2", "ab€cd, 5, 5", "abcdef, 3, 3"})
  void cutsBeforeAMultiByteSequence(String text, int max, int expected) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    assertThat(Utf8.safeCut(bytes, 0, max)).isEqualTo(expected);
  }
}
