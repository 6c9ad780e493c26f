package io.raylog.config;

import io.raylog.redact.BuiltinRules;
import io.raylog.redact.RedactRule;
import io.raylog.redact.RuleScope;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;

/**
 * The user's redaction rules: a list of maps with {@code name}, {@code pattern} (a Java regular expression), the
 * optional {@code group} that is the secret, and optional {@code components} and {@code files} that scope the rule.
 * Each is compiled here, so that a bad expression fails the start with its key path
 * ({@code redact.rules[2].pattern}), not the first record it meets.
 */
record RedactRulesType() implements ValueType<List<RedactRule>> {
  static final Set<String> KEYS = Set.of("name", "pattern", "group", "components", "files");
  /** Room for them beside the built-in rules: the redactor tracks rules in one 64-bit mask. */
  static final int MAX_RULES = 64 - BuiltinRules.ALL.size();
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  private static final TextListType COMPONENTS = TextListType.matching("[A-Za-z0-9_.-]+", "a Ray component name");
  private static final IntegerType GROUP = IntegerType.between(0, 99);

  @Override
  public String describe() {
    return "list of rules, each a map of `name`, `pattern` (regex), `group` (default 0: the whole match),"
        + " `components` and `files` (globs)";
  }

  @Override
  public List<RedactRule> read(JsonNode node, KeyPath path, Problems problems) {
    if (!node.isArray()) {
      problems.add(path, "expected a list of rules such as [{name: ticket, pattern: \"TICKET-[0-9]+\"}], got "
          + NodeText.describe(node));
      return null;
    }
    if (node.size() > MAX_RULES) {
      problems.add(path, "at most " + MAX_RULES + " rules, got " + node.size());
      return null;
    }
    List<RedactRule> rules = new ArrayList<>();
    Set<String> names = new HashSet<>(BuiltinRules.names());
    boolean valid = true;
    for (int i = 0; i < node.size(); i++) {
      RedactRule rule = rule(node.get(i), path.item(i), names, problems);
      if (rule == null) {
        valid = false;
      } else {
        rules.add(rule);
      }
    }
    return valid ? List.copyOf(rules) : null;
  }

  private static RedactRule rule(JsonNode node, KeyPath path, Set<String> names, Problems problems) {
    if (!node.isObject()) {
      problems.add(path, "expected a map with name and pattern, got " + NodeText.describe(node));
      return null;
    }
    boolean valid = true;
    for (String key : node.propertyNames()) {
      if (!KEYS.contains(key)) {
        problems.add(path.child(key), "unknown key (expected one of: name, pattern, group, components, files)");
        valid = false;
      }
    }
    String name = required(node, path, "name", problems);
    if (name != null && !NAME.matcher(name).matches()) {
      problems.add(path.child("name"), "must be lowercase letters, digits and _, starting with a letter (it names"
          + " the marker and the metric's rule), got " + NodeText.quote(name));
      name = null;
    } else if (name != null && !names.add(name)) {
      problems.add(path.child("name"), "another rule, built-in or yours, is named " + name);
      name = null;
    }
    String regex = required(node, path, "pattern", problems);
    Pattern pattern = null;
    if (regex != null) {
      try {
        pattern = Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        problems.add(path.child("pattern"), "not a regular expression: " + e.getDescription() + " near index "
            + e.getIndex() + " of " + NodeText.quote(regex));
      }
    }
    int group = 0;
    if (node.has("group")) {
      Integer read = GROUP.read(node.get("group"), path.child("group"), problems);
      if (read == null) {
        valid = false;
      } else if (pattern != null && read > pattern.matcher("").groupCount()) {
        problems.add(path.child("group"), "the pattern has " + pattern.matcher("").groupCount()
            + " capturing group(s), got group " + read);
        valid = false;
      } else {
        group = read;
      }
    }
    List<String> components = List.of();
    if (node.has("components")) {
      components = COMPONENTS.read(node.get("components"), path.child("components"), problems);
      valid &= components != null;
    }
    List<String> files = files(node, path, problems);
    valid &= files != null;
    if (!valid || name == null || pattern == null) {
      return null;
    }
    return RedactRule.user(name, regex, group, RuleScope.of(components, files));
  }

  private static List<String> files(JsonNode node, KeyPath path, Problems problems) {
    if (!node.has("files")) {
      return List.of();
    }
    KeyPath at = path.child("files");
    List<String> globs = TextListType.matching(".+", "a glob such as worker-*.out").read(node.get("files"), at, problems);
    if (globs == null) {
      return null;
    }
    boolean valid = true;
    for (int i = 0; i < globs.size(); i++) {
      try {
        RuleScope.checkGlob(globs.get(i));
      } catch (PatternSyntaxException e) {
        problems.add(at.item(i), "not a glob: " + e.getDescription());
        valid = false;
      }
    }
    return valid ? globs : null;
  }

  private static String required(JsonNode node, KeyPath path, String key, Problems problems) {
    if (!node.has(key)) {
      problems.add(path.child(key), "required");
      return null;
    }
    return NodeText.string(node.get(key), path.child(key), problems, "a string");
  }

  @Override
  public String show(List<RedactRule> value) {
    return value.isEmpty() ? "[]" : "[" + String.join(", ", value.stream().map(RedactRule::name).toList()) + "]";
  }
}
