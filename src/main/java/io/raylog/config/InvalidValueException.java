package io.raylog.config;

import java.util.Optional;

/**
 * A text is not a valid size or duration. The caller writes the problem, because only it knows how to show the
 * value; this carries only the optional detail of why ("a unit is needed"). Has no stack trace: it is an expected
 * outcome of reading user input, not a bug.
 */
final class InvalidValueException extends Exception {

  private final String hint;

  /** @param hint why the text is wrong, or null when it simply does not look like the expected kind of value */
  InvalidValueException(String hint) {
    super(hint, null, false, false);
    this.hint = hint;
  }

  Optional<String> hint() {
    return Optional.ofNullable(hint);
  }
}
