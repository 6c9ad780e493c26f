package io.raylog.route;

import java.util.List;
import java.util.Locale;

/** The severities of the output record, in order, and the names they may be written as in a filter. */
final class Severities {
  static final List<String> ORDER = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL");

  private Severities() {}

  /** The rank of a severity name (WARNING and CRITICAL as Python writes them), or -1. */
  static int rank(String name) {
    if (name == null) {
      return -1;
    }
    String upper = name.toUpperCase(Locale.ROOT);
    switch (upper) {
      case "WARNING":
        upper = "WARN";
        break;
      case "CRITICAL":
        upper = "FATAL";
        break;
      default:
        break;
    }
    return ORDER.indexOf(upper);
  }
}
