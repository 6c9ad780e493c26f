package io.raylog.tail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LineSplitterTest {

  record Line(String text, long start, long end, boolean split) {}

  static final class Collector implements LineSplitter.LineSink {
    final List<Line> lines = new ArrayList<>();

    @Override
    public void line(byte[] bytes, int from, int length, long startOffset, long endOffset, boolean split) {
      lines.add(new Line(new String(bytes, from, length, StandardCharsets.UTF_8), startOffset, endOffset, split));
    }
  }

  static List<Line> split(String input, int maxLineBytes, int... chunkSizes) {
    byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
    LineSplitter splitter = new LineSplitter(maxLineBytes);
    Collector out = new Collector();
    int offset = 0;
    int k = 0;
    while (offset < bytes.length) {
      int size = chunkSizes.length == 0 ? bytes.length : Math.min(chunkSizes[k++ % chunkSizes.length], bytes.length - offset);
      byte[] chunk = new byte[size + 3];
      System.arraycopy(bytes, offset, chunk, 3, size); // a non-zero array offset, as a shared read buffer has
      splitter.feed(chunk, 3, size, offset, out);
      offset += size;
    }
    return out.lines;
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "a\\nbb\\n|[a, bb]",
      "a\\r\\nb\\n|[a, b]",
      "\\n\\n|[, ]",
      "no newline|[]",
      "x\\ny|[x]",
  })
  void splitsOnNewlinesAndDropsCarriageReturns(String input, String expected) {
    String text = input.replace("\\n", "\n").replace("\\r", "\r");
    assertThat(split(text, 1024).stream().map(Line::text).toList()).hasToString(expected);
  }

  @Test
  void offsetsPointAfterTheNewline() {
    assertThat(split("ab\ncde\n", 1024))
        .containsExactly(new Line("ab", 0, 3, false), new Line("cde", 3, 7, false));
  }

  @Test
  void holdsAPartialLineUntilItsNewlineArrives() {
    assertThat(split("abc\ndef\n", 1024, 5)).containsExactly(new Line("abc", 0, 4, false), new Line("def", 4, 8, false));
    assertThat(split("abcdef\n", 1024, 1)).containsExactly(new Line("abcdef", 0, 7, false));
  }

  @Test
  void flushesAPartialLineOnRequest() {
    LineSplitter splitter = new LineSplitter(1024);
    Collector out = new Collector();
    byte[] bytes = "x\ntail".getBytes(StandardCharsets.UTF_8);
    splitter.feed(bytes, 0, bytes.length, 0, out);
    assertThat(splitter.partialBytes()).isEqualTo(4);
    splitter.flushPartial(out);
    assertThat(out.lines).containsExactly(new Line("x", 0, 2, false), new Line("tail", 2, 6, false));
    assertThat(splitter.hasPartial()).isFalse();
  }

  @Test
  void cutsLongLinesIntoFlaggedPiecesWithoutLosingBytes() {
    List<Line> lines = split("0123456789abcdefghij\nok\n", 8);
    assertThat(lines).extracting(Line::text).containsExactly("01234567", "89abcdef", "ghij", "ok");
    assertThat(lines).extracting(Line::split).containsExactly(true, true, true, false);
    assertThat(lines.get(2).end()).isEqualTo(21);
  }

  @Test
  void neverCutsInsideAUtf8Sequence() {
    String text = "aaaaaaé€😀bbbbbbbbbb\n";
    for (int chunk : new int[] {1, 2, 3, 7, 100}) {
      List<Line> lines = split(text, 8, chunk);
      assertThat(String.join("", lines.stream().map(Line::text).toList())).isEqualTo(text.strip());
      assertThat(lines).allSatisfy(l -> assertThat(l.text()).doesNotContain("\uFFFD"));
    }
  }

  /** Property: any chunking of the same bytes yields the same lines and offsets. */
  @Test
  void anyChunkingYieldsTheSameLines() {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    for (int round = 0; round < 300; round++) {
      StringBuilder text = new StringBuilder();
      int lines = random.nextInt(20);
      for (int i = 0; i < lines; i++) {
        int length = random.nextInt(40);
        for (int c = 0; c < length; c++) {
          int kind = random.nextInt(20);
          text.append(kind == 0 ? '\r' : kind == 1 ? 'é' : kind == 2 ? "😀" : String.valueOf((char) ('a' + random.nextInt(26))));
        }
        text.append('\n');
      }
      int max = 8 + random.nextInt(32);
      List<Line> whole = split(text.toString(), max);
      int[] chunks = new int[1 + random.nextInt(5)];
      for (int i = 0; i < chunks.length; i++) {
        chunks[i] = 1 + random.nextInt(17);
      }
      assertThat(split(text.toString(), max, chunks)).as("seed %d round %d", seed, round).isEqualTo(whole);
    }
  }
}
