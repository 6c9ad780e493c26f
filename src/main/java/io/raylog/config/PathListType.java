package io.raylog.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * A non-empty list of distinct paths. A single path is not accepted in place of a list: a one-element list costs
 * two characters, and accepting both forms makes the reference harder to read. Duplicates are errors because the
 * same directory listed twice would be tailed twice.
 */
record PathListType() implements ValueType<List<Path>> {

  private static final PathType PATH = new PathType();

  @Override
  public String describe() {
    return "list of paths, at least one";
  }

  @Override
  public List<Path> read(JsonNode node, KeyPath path, Problems problems) {
    if (!node.isArray()) {
      problems.add(path, "expected a list of paths such as [/tmp/ray], got " + NodeText.describe(node));
      return null;
    }
    if (node.isEmpty()) {
      problems.add(path, "must list at least one path");
      return null;
    }
    List<Path> paths = new ArrayList<>();
    Map<Path, Integer> firstIndex = new HashMap<>();
    boolean valid = true;
    for (int i = 0; i < node.size(); i++) {
      Path item = PATH.read(node.get(i), path.item(i), problems);
      if (item == null) {
        valid = false;
        continue;
      }
      Integer earlier = firstIndex.putIfAbsent(item, i);
      if (earlier != null) {
        problems.add(path.item(i), "duplicate of " + path.item(earlier) + " (" + item + ")");
        valid = false;
      }
      paths.add(item);
    }
    return valid ? List.copyOf(paths) : null;
  }

  @Override
  public String show(List<Path> value) {
    return value.stream().map(Path::toString).collect(Collectors.joining(", ", "[", "]"));
  }
}
