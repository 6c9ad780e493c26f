package io.raylog.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/**
 * A filesystem path. Relative paths are resolved against the working directory now, so the rest of raylog never
 * depends on where it was started from. Paths are not required to exist: roots and output directories may
 * appear after raylog starts.
 */
public record PathType() implements ValueType<Path> {

  @Override
  public String describe() {
    return "path";
  }

  @Override
  public Path read(JsonNode node, KeyPath path, Problems problems) {
    String text = NodeText.string(node, path, problems, "a path");
    if (text == null) {
      return null;
    }
    if (text.isBlank()) {
      problems.add(path, "must not be empty");
      return null;
    }
    try {
      return Path.of(text).toAbsolutePath();
    } catch (InvalidPathException e) {
      problems.add(path, "not a valid path: " + e.getReason() + ", got " + NodeText.quote(text));
      return null;
    }
  }
}
