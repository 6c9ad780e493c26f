package io.raylog.route;

import java.util.ArrayList;
import java.util.List;

/** Splits a filter expression into words, quoted strings and symbols. Pure. */
final class FilterTokens {
  enum Kind { WORD, QUOTED, SYMBOL }

  record Token(Kind kind, String text, int column) {
    String shown() {
      return kind == Kind.QUOTED ? "'" + text + "'" : text;
    }
  }

  private FilterTokens() {}

  static List<Token> of(String source) throws FilterSyntaxException {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(' || c == ')' || c == ',') {
        tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), i++));
      } else if (c == '=' || c == '!' || c == '<' || c == '>') {
        boolean twoChars = i + 1 < n && source.charAt(i + 1) == '=';
        String symbol = source.substring(i, twoChars ? i + 2 : i + 1);
        if (symbol.equals("=") || symbol.equals("!")) {
          throw new FilterSyntaxException("at column " + (i + 1) + ": unknown operator " + symbol + " (use == or !=)");
        }
        tokens.add(new Token(Kind.SYMBOL, symbol, i));
        i += symbol.length();
      } else if (c == '\'' || c == '"') {
        int end = source.indexOf(c, i + 1);
        if (end < 0) {
          throw new FilterSyntaxException("at column " + (i + 1) + ": the quote " + c + " is not closed");
        }
        tokens.add(new Token(Kind.QUOTED, source.substring(i + 1, end), i));
        i = end + 1;
      } else if (isWordChar(c)) {
        int start = i;
        while (i < n && isWordChar(source.charAt(i))) {
          i++;
        }
        tokens.add(new Token(Kind.WORD, source.substring(start, i), start));
      } else {
        throw new FilterSyntaxException("at column " + (i + 1) + ": unexpected character " + c);
      }
    }
    if (tokens.isEmpty()) {
      throw new FilterSyntaxException("the filter is empty");
    }
    return tokens;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '/' || c == ':' || c == '*';
  }
}
