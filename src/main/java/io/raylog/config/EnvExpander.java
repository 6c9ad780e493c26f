package io.raylog.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Expands environment references in the raw text of the configuration, before YAML sees it, so a reference
 * works anywhere a value can be written: {@code ${VAR}}, and {@code ${VAR:-default}}, whose default applies when
 * VAR is unset or empty. {@code $${} writes a literal {@code ${}. Values are inserted verbatim, so a value that
 * YAML would misread (one starting with {@code *} or containing {@code ": "}) must be quoted in the file.
 *
 * <p>Lines that are entirely a comment are left alone, so a commented-out example never fails a load. Defaults do
 * not nest. A value holding a newline shifts the line numbers of later YAML syntax errors. Pure; thread-safe.
 */
final class EnvExpander {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * The expanded text and what was wrong. A reference that cannot be expanded stays in the text as written, so the
   * rest of the file can still be parsed and checked, and every problem reported at once.
   */
  record Expansion(String text, List<String> problems) {}

  private EnvExpander() {}

  static Expansion expand(String text, Map<String, String> env) {
    StringBuilder out = new StringBuilder(text.length());
    List<String> problems = new ArrayList<>();
    int lineNumber = 1;
    for (int start = 0; start < text.length(); lineNumber++) {
      int newline = text.indexOf('\n', start);
      int end = newline < 0 ? text.length() : newline + 1;
      String line = text.substring(start, end);
      if (line.stripLeading().startsWith("#")) {
        out.append(line);
      } else {
        expandLine(line, lineNumber, env, out, problems);
      }
      start = end;
    }
    return new Expansion(out.toString(), List.copyOf(problems));
  }

  private static void expandLine(
      String line, int lineNumber, Map<String, String> env, StringBuilder out, List<String> problems) {
    int i = 0;
    while (i < line.length()) {
      if (line.startsWith("$${", i)) {
        out.append("${");
        i += 3;
        continue;
      }
      if (!line.startsWith("${", i)) {
        out.append(line.charAt(i));
        i++;
        continue;
      }
      int close = line.indexOf('}', i + 2);
      if (close < 0) {
        problems.add(
            "line " + lineNumber + ": " + line.substring(i).strip() + " has no closing } (write $${ for a literal ${)");
        out.append(line, i, line.length());
        return;
      }
      String reference = line.substring(i, close + 1);
      out.append(resolve(reference, lineNumber, env, problems));
      i = close + 1;
    }
  }

  private static String resolve(String reference, int lineNumber, Map<String, String> env, List<String> problems) {
    String inner = reference.substring(2, reference.length() - 1);
    int separator = inner.indexOf(":-");
    String name = separator < 0 ? inner : inner.substring(0, separator);
    String fallback = separator < 0 ? null : inner.substring(separator + 2);
    if (!NAME.matcher(name).matches()) {
      problems.add(
          "line " + lineNumber + ": " + reference + " is not a valid reference (write ${NAME} or ${NAME:-default},"
              + " or $${ for a literal ${)");
      return reference;
    }
    String value = env.get(name);
    if (value != null && (fallback == null || !value.isEmpty())) {
      return value;
    }
    if (fallback != null) {
      return fallback;
    }
    problems.add("line " + lineNumber + ": ${" + name + "} is not set and has no default");
    return reference;
  }
}
