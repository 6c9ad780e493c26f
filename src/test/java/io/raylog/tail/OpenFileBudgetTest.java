package io.raylog.tail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenFileBudgetTest {
  @ParameterizedTest(name = "max_open_files {0}, descriptor limit {1} -> {2}")
  @CsvSource({
      "4096, 1048576, 4096", // containerd's default: plenty
      "4096, 1024, 768", // a login shell's default soft limit
      "4096, 100, 16", // absurdly low: still follow a few files
      "4096, -1, 4096", // unknown limit
      "100, 65536, 100",
  })
  void keepsDescriptorsFreeForEverythingElse(int configured, long limit, int allowed) {
    assertThat(OpenFileBudget.allowed(configured, limit)).isEqualTo(allowed);
  }
}
