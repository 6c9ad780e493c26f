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
  private static final int MAX_KEPT_FIELD_BYTES = 64 * 1024;

  /** Scratch: where the literals of the text being redacted are, and the secrets found in it. */
  private final LiteralScan.Hits hits = new LiteralScan.Hits();
  private int[] spanStarts = new int[8];
  private int[] spanEnds = new int[8];
  private int[] spanRules = new int[8];
  private int spanCount;
    /** Scratch: the fields of the record being redacted, written again. */
  private final JsonBytes fields = new JsonBytes(256);
  /** The scope of the last record's file: records of one file come in runs. */
  private SourceFile lastSource;
  private long lastScope;

  private Redactor(List<RedactRule> rules, RedactEvents events) {
    this.rules = rules.toArray(RedactRule[]::new);
    // Transparent bounds: a rule tried from a literal still sees what precedes it (\\b, lookbehinds).
    this.matchers = rules.stream().map(r -> r.pattern().matcher("").useTransparentBounds(true)
        .useAnchoringBounds(false)).toArray(Matcher[]::new);
    this.scan = LiteralScan.of(rules);
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
    long candidates = (scan.scan(text, from, length, hits) | unfiltered) & scope;
    if (candidates != 0) {
      String original = new String(text, from, length, StandardCharsets.UTF_8);
      String redacted = rewrite(original, length, text, from, candidates);
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
        boolean changed = rewriteFields(extras, extrasFrom, extrasFrom + rayFieldsLength, scope, fieldCandidates);
        newRayLength = fields.length();
        changed |= rewriteFields(extras, extrasFrom + rayFieldsLength, extrasFrom + fieldsLength, scope,
            fieldCandidates);
        newAttributesLength = fields.length() - newRayLength;
        if (changed) {
          newFields = fields.toByteArray();
        }
        fields.shrinkTo(MAX_KEPT_FIELD_BYTES); // a record's huge fields do not stay in memory with the redactor
      }
    }
    if (message != null || newFields != null) {
      record.redacted(message, newFields, newRayLength, newAttributesLength);
    }
    report();
  }

  /**
   * Redacts {@code text}, whose UTF-8 is {@code utf8Length} bytes of {@code utf8} from {@code from} and whose literals
   * {@link #hits} holds, with the rules of {@code candidates}; the same instance when nothing matched.
   *
   * <p>Every built-in rule's match starts with one of its literals, so its expression is only tried, anchored, where
   * the scan found one: a line holding {@code tokens_per_second} costs one failed match at that place, not a search
   * of the whole line. A user rule, which has no literal, searches the whole text. The secrets found are collected
   * as spans of the original text, rule after rule; a span overlapping one an earlier (more precise) rule found is
   * not taken, and the text is written again once.
   */
  private String rewrite(String text, int utf8Length, byte[] utf8, int from, long candidates) {
    if (text.length() != utf8Length) {
      toCharOffsets(utf8, from);
    }
    spanCount = 0;
    for (long bits = candidates; bits != 0; bits &= bits - 1) {
      int rule = Long.numberOfTrailingZeros(bits);
      Matcher match = matchers[rule].reset(text);
      if (rules[rule].literals().isEmpty() || hits.overflow) {
        while (match.find()) {
          take(rule, match);
        }
      } else {
        long bit = 1L << rule;
        int searchedTo = 0;
        for (int h = 0; h < hits.count; h++) {
          int at = hits.offsets[h];
          if ((hits.rules[h] & bit) != 0 && at >= searchedTo) {
            match.region(at, text.length());
            if (match.lookingAt()) {
              take(rule, match);
              searchedTo = match.end();
            }
          }
        }
      }
      match.reset(""); // holds no reference to the text
    }
    return spanCount == 0 ? text : spliced(text);
  }

  /** Turns the byte offsets of {@link #hits} into char offsets of the decoded text (a non-ASCII text only). */
  private void toCharOffsets(byte[] utf8, int from) {
    int at = 0;
    int chars = 0;
    for (int h = 0; h < hits.count; h++) {
      int target = hits.offsets[h];
      while (at < target) {
        int b = utf8[from + at++] & 0xff;
        if ((b & 0xc0) != 0x80) {
          chars += (b & 0xf8) == 0xf0 ? 2 : 1; // a 4-byte sequence is a surrogate pair
        }
      }
      hits.offsets[h] = chars;
    }
  }

  /** Records the secret of {@code match} as a span, unless it is empty or overlaps a span already taken. */
  private void take(int rule, Matcher match) {
    int group = rules[rule].secretGroup(match);
    if (group < 0 || match.start(group) == match.end(group)) {
      return;
    }
    int start = match.start(group);
    int end = match.end(group);
    for (int i = 0; i < spanCount; i++) {
      if (start < spanEnds[i] && spanStarts[i] < end) {
        return;
      }
    }
    if (spanCount == spanStarts.length) {
      spanStarts = java.util.Arrays.copyOf(spanStarts, spanCount * 2);
      spanEnds = java.util.Arrays.copyOf(spanEnds, spanCount * 2);
      spanRules = java.util.Arrays.copyOf(spanRules, spanCount * 2);
    }
    spanStarts[spanCount] = start;
    spanEnds[spanCount] = end;
    spanRules[spanCount++] = rule;
    counts[rule]++;
    matched = true;
  }

  /** The text with every span replaced by its rule's marker. */
  private String spliced(String text) {
    StringBuilder out = new StringBuilder(text.length() + 32 * spanCount);
    int copied = 0;
    for (int taken = 0; taken < spanCount; taken++) {
      int next = -1;
      for (int i = 0; i < spanCount; i++) { // the first span not written yet: few spans, no sort
        if (spanStarts[i] >= copied && (next < 0 || spanStarts[i] < spanStarts[next])) {
          next = i;
        }
      }
      out.append(text, copied, spanStarts[next]).append(rules[spanRules[next]].marker());
      copied = spanEnds[next];
    }
    return out.append(text, copied, text.length()).toString();
  }

  /**
   * Copies the fragment {@code [at, end)} into {@link #fields}, every string value redacted (a value under a key that
   * names a secret as a whole, when nothing more precise matched it). The fragments are valid JSON by construction:
   * a quote is always a string's, and a string followed by a colon is a key.
   */
  private boolean rewriteFields(byte[] b, int at, int end, long scope, long candidates) {
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
        String redacted = rewriteValue(value, b, at + 1, close, scope);
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

  /** One string value of the fields: its content is {@code b[from..to)}, escaped as JSON. */
  private String rewriteValue(String value, byte[] b, int from, int to, long scope) {
    byte[] utf8 = b;
    int start = from;
    int length = to - from;
    for (int i = from; i < to; i++) {
      if (b[i] == '\\') { // escaped: scan the value itself
        utf8 = value.getBytes(StandardCharsets.UTF_8);
        start = 0;
        length = utf8.length;
        break;
      }
    }
    long candidates = (scan.scan(utf8, start, length, hits) | unfiltered) & scope;
    return candidates == 0 ? value : rewrite(value, length, utf8, start, candidates);
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
