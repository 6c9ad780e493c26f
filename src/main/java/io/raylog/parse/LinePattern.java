package io.raylog.parse;

/**
 * A test on one line's bytes, the building block of the multi-line rules. Patterns are plain byte comparisons, not
 * regular expressions: they run on every line of a busy file.
 */
@FunctionalInterface
interface LinePattern {
  boolean matches(byte[] bytes, int from, int length);

  LinePattern ANY = (bytes, from, length) -> true;

  /** Empty, or only spaces and tabs. */
  LinePattern BLANK = (bytes, from, length) -> {
    for (int i = from, end = from + length; i < end; i++) {
      if (bytes[i] != ' ' && bytes[i] != '\t') {
        return false;
      }
    }
    return true;
  };

  /** Starts with a space or a tab and has more than that. */
  LinePattern INDENTED = (bytes, from, length) ->
      length > 0 && (bytes[from] == ' ' || bytes[from] == '\t') && !BLANK.matches(bytes, from, length);

  static LinePattern startsWith(String ascii) {
    return startsWith(AsciiBytes.of(ascii));
  }

  static LinePattern startsWith(byte[] prefix) {
    return (bytes, from, length) -> AsciiBytes.startsWith(bytes, from, from + length, prefix);
  }

  static LinePattern anyOf(LinePattern... patterns) {
    return (bytes, from, length) -> {
      for (LinePattern pattern : patterns) {
        if (pattern.matches(bytes, from, length)) {
          return true;
        }
      }
      return false;
    };
  }

  static LinePattern noneOf(LinePattern... patterns) {
    LinePattern any = anyOf(patterns);
    return (bytes, from, length) -> !any.matches(bytes, from, length);
  }
}
