package io.raylog.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The configuration cannot be used. Carries every problem found, each on its own line of the message and each
 * starting with the key path or line it concerns, so the user can fix the whole file in one round.
 */
public final class ConfigException extends RuntimeException {

  private final List<String> problems;

  public ConfigException(Path file, List<String> problems) {
    super(message(file, problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /** Every problem, in the order found in the file; each starts with its key path or line. */
  public List<String> problems() {
    return problems;
  }

  private static String message(Path file, List<String> problems) {
    StringBuilder message = new StringBuilder("invalid configuration ").append(file).append(" (");
    message.append(problems.size()).append(problems.size() == 1 ? " problem):" : " problems):");
    problems.forEach(problem -> message.append("\n  ").append(problem));
    return message.toString();
  }
}
