package io.raylog.config;

/**
 * A configured secret (a password, a token, a header value). {@link #toString} never shows it, so a secret cannot
 * reach a log line, an exception message or the status page by accident; only the code that sends it calls
 * {@link #reveal}. Immutable.
 */
public final class Secret {
  private final String value;

  public Secret(String value) {
    this.value = value;
  }

  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "<secret>";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret secret && secret.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
