package io.raylog.route;

import io.raylog.record.LogRecord;
import java.util.ArrayList;
import java.util.List;

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
 *               | field ["not"] "contains" value
 *               | field ["not"] "matches" value
 *               | "severity" ("&gt;=" | "&gt;" | "&lt;=" | "&lt;") severity
 *   field      := severity | component | namespace | ray_cluster | node_type | pod | container | node | session
 *               | file | job_id | submission_id | worker_id | node_id | actor_id | actor_name | task_id
 *               | task_name | request_id | application | deployment | replica | message | labels.KEY
 *   value      := a word of letters, digits and _ . - / : * or a 'single' or "double" quoted string
 * </pre>
 *
 * <p>{@code contains} looks for the value as written (case-sensitive; the message is searched in its bytes, no
 * string made); {@code matches} searches for a Java regular expression anywhere in the field ({@code ^…$} to match
 * all of it), compiled at start-up, where a bad one is a configuration error.
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

  /** One field of a record as a test reads it. */
  private interface Operand {
    String read(LogRecord record);

    default boolean is(LogRecord record, Literal literal) {
      return literal.text().equals(read(record));
    }

    default boolean contains(LogRecord record, Literal literal) {
      String value = read(record);
      return value != null && value.contains(literal.text());
    }
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
      Operand field = operand(name);
      boolean severity = name.text().equalsIgnoreCase("severity");
      FilterTokens.Token operator = peek();
      boolean negated = keyword("not");
      RecordFilter test = textTest(field, severity, name);
      if (test == null && negated) {
        throw error(peek(), "expected in, contains or matches after not");
      }
      if (test == null) {
        test = comparison(field, severity, name, operator);
      }
      RecordFilter positive = test;
      return negated ? record -> !positive.accepts(record) : positive;
    }

    /** {@code in (…)}, {@code contains} and {@code matches}: the tests that {@code not} may precede; else null. */
    private RecordFilter textTest(Operand field, boolean severity, FilterTokens.Token name)
        throws FilterSyntaxException {
      if (keyword("in")) {
        List<Literal> values = valueList(severity);
        return record -> isAny(field, record, values);
      }
      FilterTokens.Token operator = peek();
      if (keyword("contains")) {
        refuseSeverity(severity, operator);
        Literal value = Literal.of(value(false));
        return record -> field.contains(record, value);
      }
      if (keyword("matches")) {
        refuseSeverity(severity, operator);
        FilterTokens.Token at = peek();
        java.util.regex.Pattern pattern = pattern(value(false), at);
        // One matcher per thread, reset for each record: a sink's filter runs on its event loop, so this is one.
        ThreadLocal<java.util.regex.Matcher> matchers = ThreadLocal.withInitial(() -> pattern.matcher(""));
        return record -> {
          String value = field.read(record);
          return value != null && matchers.get().reset(value).find();
        };
      }
      return null;
    }

    private RecordFilter comparison(Operand field, boolean severity, FilterTokens.Token name,
        FilterTokens.Token operator) throws FilterSyntaxException {
      if (operator == null || operator.kind() != FilterTokens.Kind.SYMBOL) {
        throw error(operator, "expected ==, !=, in, not in, contains or matches"
            + (severity ? ", >=, >, <= or <" : "") + " after " + name.text());
      }
      next++;
      switch (operator.text()) {
        case "==": {
          Literal value = Literal.of(value(severity));
          return record -> field.is(record, value);
        }
        case "!=": {
          Literal value = Literal.of(value(severity));
          return record -> !field.is(record, value);
        }
        case ">=":
        case ">":
        case "<=":
        case "<":
          if (!severity) {
            throw error(operator, operator.text() + " compares severities only; use == or in for " + name.text());
          }
          return ordered(operator.text(), Severities.rank(value(true)), field);
        default:
          throw error(operator, "expected ==, !=, in or not in after " + name.text());
      }
    }

    private static boolean isAny(Operand field, LogRecord record, List<Literal> values) {
      for (int i = 0, n = values.size(); i < n; i++) {
        if (field.is(record, values.get(i))) {
          return true;
        }
      }
      return false;
    }

    private static void refuseSeverity(boolean severity, FilterTokens.Token operator) throws FilterSyntaxException {
      if (severity) {
        throw error(operator, "severity is compared with ==, !=, in, >=, >, <= or <");
      }
    }

    private static java.util.regex.Pattern pattern(String regex, FilterTokens.Token at) throws FilterSyntaxException {
      try {
        return java.util.regex.Pattern.compile(regex);
      } catch (java.util.regex.PatternSyntaxException e) {
        throw new FilterSyntaxException("at column " + (at.column() + 1) + ": not a regular expression: "
            + e.getDescription() + (e.getIndex() >= 0 ? " near index " + e.getIndex() : "") + " in " + at.shown());
      }
    }

    private static RecordFilter ordered(String operator, int bound, Operand field) {
      return record -> {
        int rank = Severities.rank(field.read(record));
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

    /** The field a test reads: a label, the severity (compared by rank, as its canonical name), or a field. */
    private Operand operand(FilterTokens.Token name) throws FilterSyntaxException {
      String text = name.text();
      if (text.startsWith(FilterField.LABEL_PREFIX) && text.length() > FilterField.LABEL_PREFIX.length()) {
        String key = text.substring(FilterField.LABEL_PREFIX.length());
        return record -> fields.label(record, key);
      }
      FilterField field = FilterField.named(text);
      if (field == null) {
        throw error(name, "unknown field " + text + " (known: " + FilterField.known() + ")");
      }
      boolean severity = field == FilterField.SEVERITY;
      return new Operand() {
        @Override
        public String read(LogRecord record) {
          return fields.value(field, record);
        }

        @Override
        public boolean is(LogRecord record, Literal literal) {
          return severity ? literal.text().equals(normalize(read(record), true)) : fields.is(field, record, literal);
        }

        @Override
        public boolean contains(LogRecord record, Literal literal) {
          return fields.contains(field, record, literal);
        }
      };
    }

    private static String normalize(String value, boolean severity) {
      if (!severity || value == null) {
        return value;
      }
      int rank = Severities.rank(value);
      return rank < 0 ? value : Severities.ORDER.get(rank);
    }

    private List<Literal> valueList(boolean severity) throws FilterSyntaxException {
      expectSymbol("(");
      List<Literal> values = new ArrayList<>();
      values.add(Literal.of(value(severity)));
      while (symbol(",")) {
        values.add(Literal.of(value(severity)));
      }
      expectSymbol(")");
      return List.copyOf(values);
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
