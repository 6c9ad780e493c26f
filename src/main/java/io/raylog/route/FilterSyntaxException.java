package io.raylog.route;

/** A filter expression that cannot be read; the message says where and what was expected. */
public final class FilterSyntaxException extends Exception {
  public FilterSyntaxException(String message) {
    super(message);
  }
}
