package io.raylog.route;

import io.raylog.record.LogRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A sink's {@code filter}: a small boolean expression over record fields, parsed once at start-up.
 *
 * <pre>
 *   filter     := or
 *   or         := and ("or" and)*
 *   and        := unary ("and" unary)*
 *   unary      := "not" unary | "(" or ")" | test
 *   test       := field ("==" | "!=") value
 *               | field ["not"] "in" "(" value ("," value)* ")"
 *               | "severity" ("&gt;=" | "&gt;" | "&lt;=" | "&lt;") severity
 *   field      := severity | component | namespace | ray_cluster | node_type | pod | container | node | session
 *               | file | labels.KEY
 *   value      := a word of letters, digits and _ . - / : or a 'single' or "double" quoted string
 * </pre>
 *
 * <p>Examples: {@code severity >= ERROR}; {@code component in (raylet, gcs_server) and namespace != kube-system};
 * {@code labels.team == ml or ray_cluster == prod}. A field the record does not have (no severity parsed, no pod
 * metadata) equals nothing: {@code ==}, {@code in} and the order comparisons are false for it, {@code !=} and
 * {@code not in} true. Words are case-sensitive except the keywords and severities. Immutable and thread-safe.
 */
public final class FilterExpression implements RecordFilter {
  private final String source;
  private final RecordFilter test;

  private FilterExpression(String source, RecordFilter test) {
    this.source = source;
    this.test = test;
  }

  public static FilterExpression parse(String source) throws FilterSyntaxException {
    return parse(source, FieldSource.RECORD_FIELDS);
  }

  /** With the fields read from {@code fields} (tests give records fields that the record model does not have yet). */
  static FilterExpression parse(String source, FieldSource fields) throws FilterSyntaxException {
    Parser parser = new Parser(FilterTokens.of(source), fields);
    RecordFilter test = parser.or();
    parser.expectEnd();
    return new FilterExpression(source.strip(), test);
  }

  @Override
  public boolean accepts(LogRecord record) {
    return test.accepts(record);
  }

  /** The expression as written. */
  @Override
  public String toString() {
    return source;
  }

  private static final class Parser {
    private final List<FilterTokens.Token> tokens;
    private final FieldSource fields;
    private int next;

    Parser(List<FilterTokens.Token> tokens, FieldSource fields) {
      this.tokens = tokens;
      this.fields = fields;
    }

    RecordFilter or() throws FilterSyntaxException {
      RecordFilter left = and();
      while (keyword("or")) {
        RecordFilter a = left;
        RecordFilter b = and();
        left = record -> a.accepts(record) || b.accepts(record);
      }
      return left;
    }

    private RecordFilter and() throws FilterSyntaxException {
      RecordFilter left = unary();
      while (keyword("and")) {
        RecordFilter a = left;
        RecordFilter b = unary();
        left = record -> a.accepts(record) && b.accepts(record);
      }
      return left;
    }

    private RecordFilter unary() throws FilterSyntaxException {
      if (keyword("not")) {
        RecordFilter inner = unary();
        return record -> !inner.accepts(record);
      }
      if (symbol("(")) {
        RecordFilter inner = or();
        expectSymbol(")");
        return inner;
      }
      return test();
    }

    private RecordFilter test() throws FilterSyntaxException {
      FilterTokens.Token name = peek();
      if (name == null || name.kind() != FilterTokens.Kind.WORD) {
        throw error(name, "expected a field (" + FilterField.known() + ")");
      }
      next++;
      java.util.function.Function<LogRecord, String> read = fieldReader(name);
      boolean severity = name.text().equalsIgnoreCase("severity");
      FilterTokens.Token operator = peek();
      if (keyword("in")) {
        Set<String> values = valueList(severity);
        return record -> values.contains(normalize(read.apply(record), severity));
      }
      if (keyword("not")) {
        if (!keyword("in")) {
          throw error(peek(), "expected in after not");
        }
        Set<String> values = valueList(severity);
        return record -> !values.contains(normalize(read.apply(record), severity));
      }
      if (operator == null || operator.kind() != FilterTokens.Kind.SYMBOL) {
        throw error(operator, "expected ==, !=, in, not in" + (severity ? ", >=, >, <= or <" : "") + " after " + name.text());
      }
      next++;
      switch (operator.text()) {
        case "==": {
          String value = value(severity);
          return record -> value.equals(normalize(read.apply(record), severity));
        }
        case "!=": {
          String value = value(severity);
          return record -> !value.equals(normalize(read.apply(record), severity));
        }
        case ">=":
        case ">":
        case "<=":
        case "<":
          if (!severity) {
            throw error(operator, operator.text() + " compares severities only; use == or in for " + name.text());
          }
          return ordered(operator.text(), Severities.rank(value(true)), read);
        default:
          throw error(operator, "expected ==, !=, in or not in after " + name.text());
      }
    }

    private static RecordFilter ordered(String operator, int bound, java.util.function.Function<LogRecord, String> read) {
      return record -> {
        int rank = Severities.rank(read.apply(record));
        if (rank < 0) {
          return false;
        }
        switch (operator) {
          case ">=": return rank >= bound;
          case ">": return rank > bound;
          case "<=": return rank <= bound;
          default: return rank < bound;
        }
      };
    }

    private java.util.function.Function<LogRecord, String> fieldReader(FilterTokens.Token name)
        throws FilterSyntaxException {
      String text = name.text();
      if (text.startsWith(FilterField.LABEL_PREFIX) && text.length() > FilterField.LABEL_PREFIX.length()) {
        String key = text.substring(FilterField.LABEL_PREFIX.length());
        return record -> fields.label(record, key);
      }
      FilterField field = FilterField.named(text);
      if (field == null) {
        throw error(name, "unknown field " + text + " (known: " + FilterField.known() + ")");
      }
      return record -> fields.value(field, record);
    }

    private static String normalize(String value, boolean severity) {
      if (!severity || value == null) {
        return value;
      }
      int rank = Severities.rank(value);
      return rank < 0 ? value : Severities.ORDER.get(rank);
    }

    private Set<String> valueList(boolean severity) throws FilterSyntaxException {
      expectSymbol("(");
      List<String> values = new ArrayList<>();
      values.add(value(severity));
      while (symbol(",")) {
        values.add(value(severity));
      }
      expectSymbol(")");
      return Set.copyOf(new java.util.LinkedHashSet<>(values));
    }

    private String value(boolean severity) throws FilterSyntaxException {
      FilterTokens.Token token = peek();
      if (token == null || (token.kind() != FilterTokens.Kind.WORD && token.kind() != FilterTokens.Kind.QUOTED)) {
        throw error(token, "expected a value");
      }
      next++;
      if (severity) {
        int rank = Severities.rank(token.text());
        if (rank < 0) {
          throw error(token, "unknown severity " + token.text() + " (expected one of " + String.join(", ", Severities.ORDER) + ")");
        }
        return Severities.ORDER.get(rank);
      }
      return token.text();
    }

    private boolean keyword(String word) {
      FilterTokens.Token token = peek();
      if (token != null && token.kind() == FilterTokens.Kind.WORD && token.text().equalsIgnoreCase(word)) {
        next++;
        return true;
      }
      return false;
    }

    private boolean symbol(String text) {
      FilterTokens.Token token = peek();
      if (token != null && token.kind() == FilterTokens.Kind.SYMBOL && token.text().equals(text)) {
        next++;
        return true;
      }
      return false;
    }

    private void expectSymbol(String text) throws FilterSyntaxException {
      if (!symbol(text)) {
        throw error(peek(), "expected " + text);
      }
    }

    void expectEnd() throws FilterSyntaxException {
      if (peek() != null) {
        throw error(peek(), "expected and, or or the end");
      }
    }

    private FilterTokens.Token peek() {
      return next < tokens.size() ? tokens.get(next) : null;
    }

    private static FilterSyntaxException error(FilterTokens.Token at, String expected) {
      return at == null
          ? new FilterSyntaxException(expected + ", got the end of the filter")
          : new FilterSyntaxException("at column " + (at.column() + 1) + ": " + expected + ", got " + at.shown());
    }
  }
}
