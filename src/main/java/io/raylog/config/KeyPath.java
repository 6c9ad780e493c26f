package io.raylog.config;

/**
 * Where a value sits in the configuration, written the way users see it: {@code sinks[1].path}. Every problem
 * starts with one, so the user can find the line without reading the schema. Immutable.
 */
public record KeyPath(String text) {

  public static final KeyPath ROOT = new KeyPath("");

  public KeyPath child(String key) {
    return new KeyPath(text.isEmpty() ? key : text + "." + key);
  }

  public KeyPath item(int index) {
    return new KeyPath(text + "[" + index + "]");
  }

  @Override
  public String toString() {
    // The root has no key of its own; problems about the whole document still need a prefix.
    return text.isEmpty() ? "(top level)" : text;
  }
}
