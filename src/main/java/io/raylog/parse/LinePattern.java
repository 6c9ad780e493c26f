package io.raylog.parse;

import io.raylog.record.AsciiBytes;

/**
 * A test on one line's bytes, the building block of the multi-line rules. Patterns are plain byte comparisons, not
 * regular expressions: they run on every line of a busy file.
 *
 * <p>A pattern may also say which first bytes it can match ({@link #firstBytes}); the rule tables use that to skip
 * it for lines that start otherwise. {@link #startsWith}, {@link #anyOf} and the constants here work it out; a
 * lambda declares it with {@link #startingWith}, or can match anything.
 */
@FunctionalInterface
interface LinePattern {
  boolean matches(byte[] bytes, int from, int length);

  /** The first bytes of the lines this pattern can match: all of them unless it says otherwise. */
  default FirstBytes firstBytes() {
    return FirstBytes.ANY;
  }

  LinePattern ANY = (bytes, from, length) -> true;

  /** Empty, or only spaces and tabs. */
  LinePattern BLANK = startingWith(FirstBytes.of(' ', '\t', FirstBytes.EMPTY_LINE), LinePattern::blank);

  /** Starts with a space or a tab and has more than that. */
  LinePattern INDENTED = startingWith(FirstBytes.of(' ', '\t'), (bytes, from, length) ->
      length > 0 && (bytes[from] == ' ' || bytes[from] == '\t') && !blank(bytes, from, length));

  /**
   * {@code test}, declared to match only lines whose first byte (or {@link FirstBytes#EMPTY_LINE}) is in
   * {@code firstBytes}: the declaration must hold for every line {@code test} matches.
   */
  static LinePattern startingWith(FirstBytes firstBytes, LinePattern test) {
    return new Declared(firstBytes, bare(test));
  }

  /**
   * A test and the first bytes it can match. Rule tables and {@link #anyOf} call the {@link #bare} test, so that a
   * line costs one interface call per pattern tried, not two.
   */
  record Declared(FirstBytes firstBytes, LinePattern test) implements LinePattern {
    @Override
    public boolean matches(byte[] bytes, int from, int length) {
      return test.matches(bytes, from, length);
    }
  }

  /** The test that decides {@code pattern}: the same, without the declaration of its first bytes. */
  static LinePattern bare(LinePattern pattern) {
    return pattern instanceof Declared declared ? declared.test : pattern;
  }

  static LinePattern startsWith(String ascii) {
    return startsWith(AsciiBytes.of(ascii));
  }

  static LinePattern startsWith(byte[] prefix) {
    LinePattern test = (bytes, from, length) -> AsciiBytes.startsWith(bytes, from, from + length, prefix);
    return prefix.length == 0 ? test : startingWith(FirstBytes.of(prefix[0] & 0xff), test);
  }

  /** Matches the lines one of {@code patterns} matches, so can start with what any of them can. */
  static LinePattern anyOf(LinePattern... patterns) {
    LinePattern[] tests = new LinePattern[patterns.length];
    FirstBytes firstBytes = FirstBytes.of();
    for (int i = 0; i < patterns.length; i++) {
      tests[i] = bare(patterns[i]);
      firstBytes = firstBytes.or(patterns[i].firstBytes());
    }
    return startingWith(firstBytes, (bytes, from, length) -> matchesAny(tests, bytes, from, length));
  }

  /** Matches what none of {@code patterns} matches: a line starting with any byte. */
  static LinePattern noneOf(LinePattern... patterns) {
    LinePattern[] tests = new LinePattern[patterns.length];
    for (int i = 0; i < patterns.length; i++) {
      tests[i] = bare(patterns[i]);
    }
    return (bytes, from, length) -> !matchesAny(tests, bytes, from, length);
  }

  private static boolean matchesAny(LinePattern[] tests, byte[] bytes, int from, int length) {
    for (LinePattern test : tests) {
      if (test.matches(bytes, from, length)) {
        return true;
      }
    }
    return false;
  }

  private static boolean blank(byte[] bytes, int from, int length) {
    for (int i = from, end = from + length; i < end; i++) {
      if (bytes[i] != ' ' && bytes[i] != '\t') {
        return false;
      }
    }
    return true;
  }
}
