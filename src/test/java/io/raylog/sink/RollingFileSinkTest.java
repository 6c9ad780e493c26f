package io.raylog.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollingFileSinkTest {
  @TempDir Path dir;

  static ByteBuffer bytes(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void rollsBySizeKeepingTheConfiguredNumberOfFiles() throws Exception {
    Path path = dir.resolve("out/records.ndjson");
    try (RollingFileSink sink = new RollingFileSink(path, 10, 2, true)) {
      for (String batch : new String[] {"aaaa\n", "bbbb\n", "cccc\n", "dddd\n", "eeee\n"}) {
        sink.write(bytes(batch));
        sink.commit();
      }
    }
    assertThat(Files.readString(path)).isEqualTo("eeee\n");
    assertThat(Files.readString(dir.resolve("out/records.ndjson.1"))).isEqualTo("cccc\ndddd\n");
    assertThat(Files.readString(dir.resolve("out/records.ndjson.2"))).isEqualTo("aaaa\nbbbb\n");
    assertThat(dir.resolve("out/records.ndjson.3")).doesNotExist();
  }

  @Test
  void cutsARecordTornByACrashBeforeAppending() throws Exception {
    Path path = dir.resolve("records.ndjson");
    Files.writeString(path, "{\"a\":1}\n{\"b\":");
    try (RollingFileSink sink = new RollingFileSink(path, 0, 0, false)) {
      sink.write(bytes("{\"b\":2}\n"));
    }
    assertThat(Files.readString(path)).isEqualTo("{\"a\":1}\n{\"b\":2}\n");
  }

  @Test
  void aFileWithoutAnyNewlineIsAllTorn() throws Exception {
    Path path = dir.resolve("records.ndjson");
    Files.writeString(path, "{\"partial".repeat(20_000));
    new RollingFileSink(path, 0, 0, false).close();
    assertThat(Files.size(path)).isZero();
  }
}
