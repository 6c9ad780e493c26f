package io.raylog.redact;

import io.raylog.record.JsonBytes;
import io.raylog.record.LogRecord;
import io.raylog.record.ParsedFieldReader;
import io.raylog.record.RecordRedaction;
import io.raylog.record.SourceFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Replaces the secrets of a record, its message and every string of its fields, with the marker of the rule that found
 * them, once per record, on the parse thread, before any sink sees it. A text is decoded and matched only when
 * {@link LiteralScan} finds a literal of some rule in its bytes (or a user rule, which has none, applies to its file):
 * a record without one costs a scan of its bytes and no allocation. A rewritten message is new UTF-8 bytes; rewritten
 * fields are written again as JSON, strings escaped, so every sink still gets valid UTF-8 and valid JSON.
 *
 * <p>Not thread-safe: one per parse thread (it keeps a matcher per rule).
 */
public final class Redactor implements RecordRedaction {
  private final RedactRule[] rules;
  private final Matcher[] matchers;
  private final LiteralScan scan;
  /** Bits of the rules without a literal (user rules): candidates for every text in their scope. */
  private final long unfiltered;
  /** Bits of the rules that apply everywhere. */
  private final long everywhere;
  /** The bit of {@link BuiltinRules#SECRET_ASSIGNMENT}, 0 when it is disabled. */
  private final long secretAssignment;
  private final int secretAssignmentIndex;
  private final RedactEvents events;
  /** Matches of each rule in the record being redacted. */
  private final int[] counts;
  /** Whether {@link #counts} holds any match: most records have none, and are not looked at again. */
  private boolean matched;
  private final JsonBytes fields = new JsonBytes(256);
  /** The scope of the last record's file: records of one file come in runs. */
  private SourceFile lastSource;
  private long lastScope;

  private Redactor(List<RedactRule> rules, RedactEvents events) {
    this.rules = rules.toArray(RedactRule[]::new);
    this.matchers = rules.stream().map(r -> r.pattern().matcher("")).toArray(Matcher[]::new);
    this.scan = new LiteralScan(rules.stream().map(RedactRule::literals).toList());
    this.events = events;
    this.counts = new int[rules.size()];
    long none = 0;
    long all = 0;
    int assignment = -1;
    for (int i = 0; i < this.rules.length; i++) {
      if (this.rules[i].literals().isEmpty()) {
        none |= 1L << i;
      }
      if (this.rules[i].scope().everywhere()) {
        all |= 1L << i;
      }
      if (this.rules[i].name().equals(BuiltinRules.SECRET_ASSIGNMENT) && this.rules[i].literals().size() > 0) {
        assignment = i;
      }
    }
    this.unfiltered = none;
    this.everywhere = all;
    this.secretAssignmentIndex = assignment;
    this.secretAssignment = assignment < 0 ? 0 : 1L << assignment;
  }

  /**
   * The built-in rules less {@code disabled}, then {@code userRules}, in that order.
   *
   * @throws IllegalArgumentException for an unknown built-in name, or more than 64 rules in all
   */
  public static Redactor of(List<String> disabled, List<RedactRule> userRules, RedactEvents events) {
    List<String> known = BuiltinRules.names();
    for (String name : disabled) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException("no built-in redaction rule is named " + name + "; they are " + known);
      }
    }
    List<RedactRule> rules = new ArrayList<>();
    BuiltinRules.ALL.stream().filter(r -> !disabled.contains(r.name())).forEach(rules::add);
    rules.addAll(userRules);
    return new Redactor(rules, events);
  }

  /** The names of the rules in force, in the order they run: the metric's {@code rule} values. */
  public List<String> ruleNames() {
    return java.util.Arrays.stream(rules).map(RedactRule::name).toList();
  }

  @Override
  public void redact(LogRecord record, byte[] text, int from, int length, byte[] extras, int extrasFrom,
      int rayFieldsLength, int attributesLength) {
    long scope = scopeOf(record.source);
    byte[] message = null;
    long candidates = (scan.scan(text, from, length) | unfiltered) & scope;
    if (candidates != 0) {
      String original = new String(text, from, length, StandardCharsets.UTF_8);
      String redacted = rewrite(original, candidates);
      if (redacted != original) {
        message = redacted.getBytes(StandardCharsets.UTF_8);
      }
    }
    byte[] newFields = null;
    int newRayLength = 0;
    int newAttributesLength = 0;
    int fieldsLength = rayFieldsLength + attributesLength;
    if (extras != null && fieldsLength > 0) {
      long fieldCandidates = (scan.scan(extras, extrasFrom, fieldsLength) | unfiltered) & scope;
      if (fieldCandidates != 0) {
        fields.clear();
        boolean changed = rewriteFields(extras, extrasFrom, extrasFrom + rayFieldsLength, fieldCandidates);
        newRayLength = fields.length();
        changed |= rewriteFields(extras, extrasFrom + rayFieldsLength, extrasFrom + fieldsLength, fieldCandidates);
        newAttributesLength = fields.length() - newRayLength;
        if (changed) {
          newFields = fields.toByteArray();
        }
      }
    }
    if (message != null || newFields != null) {
      record.redacted(message, newFields, newRayLength, newAttributesLength);
    }
    report();
  }

  /** Redacts one text with the rules of {@code candidates}; the same instance when nothing matched. */
  String rewrite(String text, long candidates) {
    String current = text;
    for (long bits = candidates; bits != 0; bits &= bits - 1) {
      int rule = Long.numberOfTrailingZeros(bits);
      current = apply(rule, current);
    }
    return current;
  }

  private String apply(int rule, String text) {
    Matcher match = matchers[rule].reset(text);
    StringBuilder out = null;
    int copied = 0;
    while (match.find()) {
      int group = rules[rule].secretGroup(match);
      if (group < 0 || match.start(group) == match.end(group)) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length() + 32);
      }
      out.append(text, copied, match.start(group)).append(rules[rule].marker());
      copied = match.end(group);
      counts[rule]++;
      matched = true;
    }
    matchers[rule].reset(""); // holds no reference to the text
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }

  /**
   * Copies the fragment {@code [at, end)} into {@link #fields}, every string value redacted (a value under a key that
   * names a secret as a whole, when nothing more precise matched it). The fragments are valid JSON by construction:
   * a quote is always a string's, and a string followed by a colon is a key.
   */
  private boolean rewriteFields(byte[] b, int at, int end, long candidates) {
    boolean changed = false;
    int copied = at;
    String key = null;
    while (at < end) {
      if (b[at] != '"') {
        at++;
        continue;
      }
      int close = stringEnd(b, at + 1);
      int after = close + 1;
      while (after < end && (b[after] == ' ' || b[after] == '\n' || b[after] == '\t' || b[after] == '\r')) {
        after++;
      }
      if (after < end && b[after] == ':') {
        key = ParsedFieldReader.decodeString(b, at + 1, close);
      } else {
        String value = ParsedFieldReader.decodeString(b, at + 1, close);
        String redacted = rewrite(value, candidates);
        if (redacted == value && (candidates & secretAssignment) != 0 && key != null && !value.isEmpty()
            && !value.startsWith("[REDACTED:") && BuiltinRules.SECRET_KEY_NAME.matcher(key).matches()) {
          redacted = rules[secretAssignmentIndex].marker();
          counts[secretAssignmentIndex]++;
          matched = true;
        }
        if (redacted != value) {
          fields.raw(b, copied, at - copied).string(redacted);
          copied = close + 1;
          changed = true;
        }
      }
      at = close + 1;
    }
    fields.raw(b, copied, end - copied);
    return changed;
  }

  private static int stringEnd(byte[] b, int from) {
    int at = from;
    while (b[at] != '"') {
      at += b[at] == '\\' ? 2 : 1;
    }
    return at;
  }

  private long scopeOf(SourceFile source) {
    if (source != lastSource) {
      long scope = everywhere;
      for (int i = 0; i < rules.length; i++) {
        if ((everywhere & 1L << i) == 0 && rules[i].scope().covers(source)) {
          scope |= 1L << i;
        }
      }
      lastSource = source;
      lastScope = scope;
    }
    return lastScope;
  }

  private void report() {
    if (!matched) {
      return;
    }
    matched = false;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] != 0) {
        events.redacted(rules[i].name(), counts[i]);
        counts[i] = 0;
      }
    }
  }
}
