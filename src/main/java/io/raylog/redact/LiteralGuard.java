package io.raylog.redact;

/**
 * What the bytes after a rule's literal must look like for the rule's expression to have a chance there: checked on
 * the bytes by {@link LiteralScan}, before any text is decoded or matched. A guard is a necessary condition, never a
 * sufficient one: it may admit what the expression then refuses, and must admit everything the expression matches
 * from the literal on ({@code LiteralGuardsTest} checks that on random texts). Most literals of a log line are words
 * such as {@code tokens_per_second} or URLs without credentials, which their guard turns away for a few byte
 * comparisons.
 */
@FunctionalInterface
interface LiteralGuard {
  /** Whether the literal that ends before {@code after} may start a match, {@code end} being the text's end. */
  boolean admits(byte[] text, int after, int end);

  /**
   * A separator follows, as a key naming a secret has it: {@code =} or {@code :} after optional whitespace, or at
   * once a quoted key's closing quote, maybe escaped. An {@code s} may come first ({@code credentials=}).
   */
  LiteralGuard ASSIGNMENT = (text, after, end) -> {
    int at = after;
    if (at < end && (text[at] | 0x20) == 's') {
      at++;
    }
    int separator = at;
    while (separator < end && isSpace(text[separator])) {
      separator++;
    }
    if (separator == end) {
      return false;
    }
    byte b = text[separator];
    return b == '=' || b == ':' || separator == at && (b == '"' || b == '\'' || b == '\\');
  };

  /** Whitespace follows ({@code Bearer <token>}). */
  LiteralGuard SPACE = (text, after, end) -> after < end && isSpace(text[after]);

  /**
   * A user's password and an {@code @} follow {@code ://} before the URL's host: bytes that end no URL part, a
   * {@code :}, at least one more such byte, then {@code @}.
   */
  LiteralGuard URL_CREDENTIALS = (text, after, end) -> {
    int at = after;
    while (at < end && text[at] != ':' && !endsUserInfo(text[at])) {
      at++;
    }
    if (at == end || text[at] != ':') {
      return false;
    }
    int password = ++at;
    while (at < end && !endsUserInfo(text[at])) {
      at++;
    }
    return at > password && at < end && text[at] == '@';
  };

  /** {@code \s} of a Java regular expression: space, tab, newline, vertical tab, form feed, carriage return. */
  private static boolean isSpace(byte b) {
    return b == ' ' || b >= '\t' && b <= '\r';
  }

  /** A byte the user information of a URL cannot hold, as the {@code url_password} rule has it. */
  private static boolean endsUserInfo(byte b) {
    return isSpace(b) || b == '/' || b == '?' || b == '#' || b == '@' || b == '\'' || b == '"' || b == '['
        || b == ']';
  }
}
