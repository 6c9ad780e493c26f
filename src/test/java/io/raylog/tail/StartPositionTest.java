package io.raylog.tail;

import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.checkpoint.FileCheckpoint;
import io.raylog.record.FileKey;
import io.raylog.record.Fingerprint;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StartPositionTest {
  static final Fingerprint SAME = new Fingerprint(100, 42);
  static final Fingerprint OTHER = new Fingerprint(100, 43);
  static final FileCheckpoint AT_500 = new FileCheckpoint(new FileKey(1, 2), SAME, 500, "/tmp/ray/x");

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("checkpoint of this file", AT_500, SAME, 800, false, false, 500),
        Arguments.of("checkpoint at the end", AT_500, SAME, 500, false, false, 500),
        Arguments.of("inode reused by another file", AT_500, OTHER, 800, false, false, 0),
        Arguments.of("truncated while down", AT_500, SAME, 300, false, false, 0),
        Arguments.of("checkpoint wins over read_from end", AT_500, SAME, 800, true, true, 500),
        Arguments.of("first start, read_from end", null, SAME, 800, true, true, 800),
        Arguments.of("first start, read_from beginning", null, SAME, 800, true, false, 0),
        Arguments.of("file appearing later, read_from end", null, SAME, 800, false, true, 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decidesWhereReadingStarts(String name, FileCheckpoint checkpoint, Fingerprint now, long size,
      boolean firstScanOfFirstStart, boolean readFromEnd, long expected) {
    assertThat(StartPosition.of(checkpoint, now, size, firstScanOfFirstStart, readFromEnd)).isEqualTo(expected);
  }
}
