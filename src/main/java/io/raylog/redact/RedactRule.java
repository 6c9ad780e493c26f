package io.raylog.redact;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One redaction rule: a regular expression, the part of a match that is the secret (the rest, such as the key name,
 * stays so that the line keeps its meaning), the literals a line must contain for the expression to be worth running,
 * and where the rule applies. The secret becomes {@link #marker}, {@code [REDACTED:<name>]}. Immutable; thread-safe
 * (a {@link Matcher} is made per thread by {@link Redactor}).
 */
public final class RedactRule {
  /** The secret is the first capturing group that took part in the match (built-in rules: one per alternative). */
  static final int FIRST_GROUP = -1;

  private final String name;
  private final Pattern pattern;
  private final int group;
  private final List<String> literals;
  private final LiteralGuard guard;
  private final RuleScope scope;
  private final String marker;

  private RedactRule(String name, Pattern pattern, int group, List<String> literals, LiteralGuard guard,
      RuleScope scope) {
    this.name = name;
    this.pattern = pattern;
    this.group = group;
    this.literals = literals.stream().map(l -> l.toLowerCase(Locale.ROOT)).toList();
    this.guard = guard;
    this.scope = scope;
    this.marker = "[REDACTED:" + name + "]";
  }

  /** A built-in rule: applies everywhere; runs only on text holding one of {@code literals}, in any case. */
  static RedactRule builtIn(String name, String regex, String... literals) {
    return builtIn(name, regex, null, literals);
  }

  /** As {@link #builtIn(String, String, String...)}, where {@code guard} admits what follows the literal. */
  static RedactRule builtIn(String name, String regex, LiteralGuard guard, String... literals) {
    return new RedactRule(name, Pattern.compile(regex), FIRST_GROUP, List.of(literals), guard, RuleScope.EVERYWHERE);
  }

  /**
   * A user rule: no literal prefilter, so its expression runs on every record in its scope.
   *
   * @param group the capturing group that is the secret; 0 for the whole match
   * @throws java.util.regex.PatternSyntaxException when {@code regex} is not a regular expression
   * @throws IllegalArgumentException when {@code group} is not a group of the expression
   */
  public static RedactRule user(String name, String regex, int group, RuleScope scope) {
    Pattern pattern = Pattern.compile(regex);
    int groups = pattern.matcher("").groupCount();
    if (group < 0 || group > groups) {
      throw new IllegalArgumentException("the pattern has " + groups + " capturing group" + (groups == 1 ? "" : "s")
          + ", so group must be 0 (the whole match)" + (groups == 0 ? "" : " to " + groups) + ", got " + group);
    }
    return new RedactRule(name, pattern, group, List.of(), null, scope);
  }

  public String name() {
    return name;
  }

  Pattern pattern() {
    return pattern;
  }

  /** Lowercase; empty for a rule that runs on every record in its scope. */
  List<String> literals() {
    return literals;
  }

  /** What must follow one of the {@link #literals}; null when anything may. */
  LiteralGuard guard() {
    return guard;
  }

  RuleScope scope() {
    return scope;
  }

  String marker() {
    return marker;
  }

  /** The group of {@code match} that is the secret; -1 when no group of it took part. */
  int secretGroup(Matcher match) {
    if (group != FIRST_GROUP) {
      return match.start(group) < 0 ? -1 : group;
    }
    for (int g = 1, n = match.groupCount(); g <= n; g++) {
      if (match.start(g) >= 0) {
        return g;
      }
    }
    return 0;
  }

  @Override
  public String toString() {
    return name + ": " + pattern.pattern();
  }
}
