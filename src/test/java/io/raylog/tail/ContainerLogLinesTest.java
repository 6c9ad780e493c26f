package io.raylog.tail;

import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.record.LogRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** CRI container log lines: headers, times, partial lines joined, bounds, and any chunking of the same bytes. */
class ContainerLogLinesTest {
  /** What came out: content, offsets, flags and time. */
  record Out(String content, long start, long end, boolean split, long timeMillis, boolean stderr) {}

  private static List<Out> decode(String text, int maxLineBytes, int chunkBytes) {
    List<Out> out = new ArrayList<>();
    ContainerLogLines lines = new ContainerLogLines(maxLineBytes);
    ContainerLogLines.Output sink = (b, from, length, start, end, split, time, stderr) ->
        out.add(new Out(new String(b, from, length, StandardCharsets.UTF_8), start, end, split, time, stderr));
    LineSplitter splitter = new LineSplitter(maxLineBytes);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int at = 0; at < bytes.length; at += chunkBytes) {
      int n = Math.min(chunkBytes, bytes.length - at);
      splitter.feed(bytes, at, n, at, (b, from, length, start, end, split) ->
          lines.accept(b, from, length, start, end, split, sink));
    }
    return out;
  }

  private static long millis(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void stripsTheHeaderAndKeepsTheTimeAndStream() {
    String text = "2026-11-26T03:00:00.123456789Z stderr F [2026-11-26 03:00:00,123 I 1 1] (raylet) main.cc:1: up\n"
        + "2026-11-26T03:00:01.5+02:00 stdout F hello\n"
        + "2026-11-26T03:00:02Z stdout F \n";

    assertThat(decode(text, 1 << 20, 1 << 16)).containsExactly(
        new Out("[2026-11-26 03:00:00,123 I 1 1] (raylet) main.cc:1: up", 0, 95, false,
            millis("2026-11-26T03:00:00.123Z"), true),
        new Out("hello", 95, 138, false, millis("2026-11-26T01:00:01.500Z"), false),
        new Out("", 138, 169, false, millis("2026-11-26T03:00:02Z"), false));
  }

  @Test
  void joinsPartialLinesWithTheirFinalLine() {
    String text = "2026-11-26T03:00:00.000Z stderr P first \n"
        + "2026-11-26T03:00:00.001Z stderr P second \n"
        + "2026-11-26T03:00:00.002Z stderr F third\n"
        + "2026-11-26T03:00:00.003Z stderr F alone\n";

    List<Out> out = decode(text, 1 << 20, 1 << 16);

    assertThat(out).extracting(Out::content).containsExactly("first second third", "alone");
    assertThat(out.get(0).start()).isZero();
    assertThat(out.get(0).end()).isEqualTo(out.get(1).start());
    assertThat(out.get(0).timeMillis()).as("the time the line began").isEqualTo(millis("2026-11-26T03:00:00Z"));
    assertThat(out.get(0).split()).isFalse();
  }

  @Test
  void aJoinedLineLongerThanTheMaximumIsShippedInSplitPieces() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      text.append("2026-11-26T03:00:00Z stdout P ").append("x".repeat(20)).append('\n');
    }
    text.append("2026-11-26T03:00:00Z stdout F end\n");

    List<Out> out = decode(text.toString(), 64, 1 << 16);

    assertThat(out).allSatisfy(o -> assertThat(o.content().length()).isLessThanOrEqualTo(64));
    assertThat(String.join("", out.stream().map(Out::content).toList())).isEqualTo("x".repeat(200) + "end");
    assertThat(out).allSatisfy(o -> assertThat(o.split()).isTrue());
    assertThat(out.get(out.size() - 1).end()).isEqualTo(text.length());
  }

  @Test
  void aLineWithoutAValidHeaderIsShippedWholeWithoutATime() {
    assertThat(decode("not a cri line\n2026-13-01T00:00:00Z stdout F bad month\n", 1 << 20, 1 << 16))
        .extracting(Out::content, Out::timeMillis)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("not a cri line", LogRecord.UNKNOWN_TIME),
            org.assertj.core.groups.Tuple.tuple("2026-13-01T00:00:00Z stdout F bad month", LogRecord.UNKNOWN_TIME));
  }

  @Test
  void anyChunkingOfTheSameBytesGivesTheSameLines() {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      String tag = random.nextInt(3) == 0 ? "P" : "F";
      text.append("2026-11-26T03:00:").append(String.format("%02d", i % 60)).append(".5Z stderr ").append(tag)
          .append(' ').append("é".repeat(random.nextInt(40))).append(i).append('\n');
    }
    text.append("2026-11-26T03:00:00Z stderr F last\n");
    List<Out> whole = decode(text.toString(), 1 << 20, 1 << 20);
    for (int round = 0; round < 50; round++) {
      int chunk = 1 + random.nextInt(200);
      assertThat(decode(text.toString(), 1 << 20, chunk)).as("seed %d, chunk %d", seed, chunk).isEqualTo(whole);
    }
  }
}
