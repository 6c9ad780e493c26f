package io.raylog.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.parse.MultilineRules.Rule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rule tables skip, by a line's first byte, the rules whose pattern cannot match it: that must change no
 * decision. Every format's rules, in every state, against the lines of the fixtures, each also with every byte value
 * in its first place, and the empty and one-byte lines.
 */
class MultilineRulesTest {
  /** Lines the fixtures may lack, one per pattern of the tables. */
  private static final List<String> PATTERN_LINES = List.of(
      "[2026-11-25 10:21:37,556 I 1 1] a.cc:1: m",
      "2026-11-25 10:02:14,640\tERROR job.py:9 -- m",
      "2026-11-25 10:02:14,640 INFO (raylet) job.py:9 -- m",
      "INFO 2024-02-27 16:05:11,233 default_Model cwnihe65 replica.py:1068 - m",
      "CRITICAL 2024-02-27 16:05:11,233 default_Model cwnihe65 replica.py:1068 - m",
      "(MyActor pid=1, ip=10.0.0.1) m", "(raylet, ip=10.0.0.1) m", "(autoscaler) m", "(venv) m",
      "Traceback (most recent call last):",
      "During handling of the above exception, another exception occurred:",
      "The above exception was the direct cause of the following exception:",
      "Fatal Python error: Segmentation fault", "Thread 0x00007f3b (most recent call first):",
      "Current thread 0x00007f3c (most recent call first):", "Extension modules: numpy",
      "Stack (most recent call first):",
      "*** SIGSEGV received at time=1795602097 on cpu 3 ***", "*** SIGABRT", "PC: @     0x7f00 (unknown) f()",
      "*** StackTrace Information ***", "======== Autoscaler status: 2026-11-25 10:00:00 ========",
      "E0518 11:58:19.406614241  152858 fork_posix.cc:76] m", "C0518 11:58:19.406614241  152858 fork_posix.cc:76] m",
      "[2024-02-27 18:08:15,441 E 73667 73667] logging.cc:361: PC: @     0x7f75332ba350  (unknown)  (unknown)",
      "[2022-03-22 15:37:44,626 E 3819499 3819539] (raylet) logging.cc:321:     @     0x7faf413c23c0  (unknown)",
      "2021-03-13 16:29:23,172\tERROR worker.py:394 -- Error raised in creation task:", "Exception in thread heartbeat:",
      "ray.exceptions.RayTaskError(ValueError): ray::f() (pid=1, ip=10.0.0.1)", "WARNING:__main__:m", "*** Aborted at 1",
      "{}", "{ }", "{\"a\": 1}", "{'epoch': 5}", "{\"a\": 1", "  File \"job.py\", line 3", "\tat x", " ", "\t", "  ");

  @Test
  void thePrefilterChoosesTheRuleThatTryingEveryRuleChooses() throws IOException {
    Map<MultilineRules, LineFormat> tables = new IdentityHashMap<>();
    for (LineFormat format : LineFormat.values()) {
      tables.putIfAbsent(format.rules, format); // EVENT and RAW share theirs
    }
    List<String> wrong = new ArrayList<>();
    long lines = forEachVariant((variant, length) -> tables.forEach((rules, format) -> {
      for (int state = MultilineRules.DONE; state < rules.stateCount(); state++) {
        Rule expected = tryingAll(rules, state, variant, 3, length);
        Rule actual = rules.decide(state, variant, 3, length);
        if (actual != expected && wrong.size() < 20) {
          wrong.add(format + " in state " + rules.stateName(state) + ", " + describe(variant, length) + ": chose "
              + actual + ", not " + expected);
        }
      }
    }));
    assertThat(lines).as("lines tried").isGreaterThan(500 * 256);
    assertThat(wrong).isEmpty();
  }

  @Test
  void everyPatternOfTheTablesMatchesOnlyLinesStartingWithTheBytesItDeclares() throws IOException {
    Set<LinePattern> patterns = Collections.newSetFromMap(new IdentityHashMap<>());
    for (LineFormat format : LineFormat.values()) {
      for (int state = 0; state < format.rules.stateCount(); state++) {
        format.rules.rules(state).forEach(rule -> patterns.add(rule.pattern()));
      }
    }
    List<String> wrong = new ArrayList<>();
    forEachVariant((variant, length) -> {
      for (LinePattern pattern : patterns) {
        if (pattern.matches(variant, 3, length)
            && !pattern.firstBytes().contains(FirstBytes.keyOf(variant, 3, length)) && wrong.size() < 20) {
          wrong.add(pattern + " declares " + pattern.firstBytes() + " but matched " + describe(variant, length));
        }
      }
    });
    assertThat(wrong).isEmpty();
  }

  @Test
  void firstBytesOfTheCombinators() {
    assertThat(keys(LinePattern.startsWith("Traceback"))).containsExactly((int) 'T');
    assertThat(keys(LinePattern.BLANK)).containsExactly((int) '\t', (int) ' ', FirstBytes.EMPTY_LINE);
    assertThat(keys(LinePattern.INDENTED)).containsExactly((int) '\t', (int) ' ');
    assertThat(keys(LinePattern.anyOf(CppLine.HEADER, LinePattern.startsWith("*** SIG")))).containsExactly(
        (int) '*', (int) '[');
    assertThat(keys(LinePattern.anyOf(CppLine.HEADER, (b, from, length) -> false))).hasSize(FirstBytes.KEYS);
    assertThat(keys(LinePattern.noneOf(CppLine.HEADER))).hasSize(FirstBytes.KEYS);
    assertThat(keys(LinePattern.ANY)).hasSize(FirstBytes.KEYS);
    assertThat(keys(PythonLine.HEADER)).hasSize(10);
    assertThat(keys(ServeTextLine.HEADER)).hasSize(26);
    assertThat(keys(DriverPrefix.PREFIX)).containsExactly(0x1b, (int) '('); // ESC: a coloured prefix
    assertThat(keys(GlogLine.HEADER)).containsExactly((int) 'E', (int) 'F', (int) 'I', (int) 'W');
  }

  /** What decide did before its prefilter: every rule of the state, then every rule of the first state. */
  private static Rule tryingAll(MultilineRules rules, int state, byte[] b, int from, int length) {
    List<Rule> tried = new ArrayList<>();
    if (state > MultilineRules.FIRST) {
      tried.addAll(rules.rules(state));
    }
    tried.addAll(rules.rules(MultilineRules.FIRST));
    for (Rule rule : tried) {
      if (rule.pattern().matches(b, from, length)) {
        return rule;
      }
    }
    return MultilineRules.ALONE;
  }

  private interface LineCheck {
    void check(byte[] b, int length);
  }

  /**
   * Runs {@code check} on the distinct lines of every fixture file and the lines above, each with every byte value
   * in its first place (which makes every one-byte line of "x"), and on the empty line. A line sits at offset 3 of
   * an array with other bytes around it, as in a read buffer. Returns the lines checked.
   */
  private static long forEachVariant(LineCheck check) throws IOException {
    Set<String> distinct = new LinkedHashSet<>(PATTERN_LINES);
    distinct.add("x");
    try (Stream<Path> files = Files.walk(Path.of("test-fixtures"))) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        // ISO-8859-1 maps bytes to chars one to one: the lines keep their bytes, UTF-8 or not
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        distinct.addAll(Arrays.asList(text.split("\n")));
      }
    }
    distinct.remove("");
    check.check(new byte[] {'}', '}', '}', '}', '}', '}'}, 0);
    long checked = 1;
    for (String line : distinct) {
      byte[] b = new byte[line.length() + 6];
      Arrays.fill(b, (byte) '}');
      System.arraycopy(line.getBytes(StandardCharsets.ISO_8859_1), 0, b, 3, line.length());
      for (int first = 0; first < 256; first++) {
        b[3] = (byte) first;
        check.check(b, line.length());
        checked++;
      }
    }
    return checked;
  }

  private static String describe(byte[] b, int length) {
    return "line starting with byte " + (length == 0 ? "none" : Integer.toString(b[3] & 0xff)) + ": \""
        + new String(b, 3, Math.min(length, 80), StandardCharsets.ISO_8859_1) + "\"";
  }

  private static List<Integer> keys(LinePattern pattern) {
    List<Integer> keys = new ArrayList<>();
    for (int key = 0; key < FirstBytes.KEYS; key++) {
      if (pattern.firstBytes().contains(key)) {
        keys.add(key);
      }
    }
    return keys;
  }
}
