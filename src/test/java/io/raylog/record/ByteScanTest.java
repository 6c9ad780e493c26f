package io.raylog.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The word-at-a-time searches agree with the obvious byte loops, at every alignment and on every byte value. */
class ByteScanTest {
  @Test
  void agreesWithBytewiseLoops() {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    for (int round = 0; round < 20_000; round++) {
      byte[] bytes = new byte[random.nextInt(40)];
      for (int i = 0; i < bytes.length; i++) {
        int kind = random.nextInt(6);
        bytes[i] = (byte) (kind == 0 ? random.nextInt(256) : kind == 1 ? "\n\"\\\t\u0000\u001f ".charAt(random.nextInt(7)) : 'a' + random.nextInt(26));
      }
      int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
      int to = from + random.nextInt(bytes.length - from + 1);
      String where = "seed " + seed + " round " + round;
      assertThat(ByteScan.indexOfNewline(bytes, from, to)).as(where).isEqualTo(newline(bytes, from, to));
      assertThat(ByteScan.isAscii(bytes, from, to - from)).as(where).isEqualTo(ascii(bytes, from, to));
      assertThat(ByteScan.indexOfJsonEscape(bytes, from, to)).as(where).isEqualTo(escape(bytes, from, to));
      int needleFrom = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
      byte[] needle = java.util.Arrays.copyOfRange(bytes, needleFrom,
          Math.min(bytes.length, needleFrom + random.nextInt(4)));
      assertThat(ByteScan.indexOf(bytes, from, to, needle)).as(where).isEqualTo(indexOf(bytes, from, to, needle));
    }
  }

  static int indexOf(byte[] b, int from, int to, byte[] needle) {
    for (int i = from; i + needle.length <= to; i++) {
      if (java.util.Arrays.equals(b, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }

  static int newline(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  static boolean ascii(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] < 0) {
        return false;
      }
    }
    return true;
  }

  static int escape(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      int v = b[i] & 0xFF;
      if (v < 0x20 || v == '"' || v == '\\') {
        return i;
      }
    }
    return to;
  }
}
