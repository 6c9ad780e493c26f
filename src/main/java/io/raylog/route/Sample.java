package io.raylog.route;

/**
 * A sink's {@code sample}: of the records {@code filter} takes (e.g. {@code severity == DEBUG}), keep one in
 * {@code keepOneIn}; the others pass untouched.
 */
public record Sample(RecordFilter filter, int keepOneIn) {
  @Override
  public String toString() {
    return "{filter: " + (filter == RecordFilter.ALL ? "every record" : filter) + ", keep_one_in: " + keepOneIn + "}";
  }
}
