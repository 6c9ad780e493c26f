package io.raylog.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every problem found while loading one file, in the order found. Loading never stops at the first problem, so
 * a user fixes the whole file in one round. Not thread-safe: one instance per load.
 */
public final class Problems {

  // A set: the same reference on one line, or the same bad value reached twice, is reported once.
  private final Set<String> messages = new LinkedHashSet<>();

  public void add(KeyPath path, String message) {
    messages.add(path + ": " + message);
  }

  /** A problem that has no key path, such as an unreadable file or a YAML syntax error. */
  void add(String problem) {
    messages.add(problem);
  }

  /** How many distinct problems were found so far: a reader compares it before and after reading a value. */
  int size() {
    return messages.size();
  }

  boolean isEmpty() {
    return messages.isEmpty();
  }

  List<String> list() {
    return List.copyOf(messages);
  }
}
