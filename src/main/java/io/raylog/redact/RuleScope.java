package io.raylog.redact;

import io.raylog.record.SourceFile;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Set;

/**
 * Where a user rule applies: files of some Ray components (the {@code ray.component} of a record) and/or files whose
 * name matches a glob. A glob with a {@code /} is matched against {@code ray.file} (the path below the session's
 * {@code logs/}), one without against the file's name alone, so {@code worker-*.out} matches in {@code logs/old/} too.
 * Empty lists do not restrict. Immutable; thread-safe.
 */
public final class RuleScope {
  static final RuleScope EVERYWHERE = new RuleScope(Set.of(), List.of());

  private final Set<String> components;
  private final List<String> globs;
  private final List<PathMatcher> files;

  private RuleScope(Set<String> components, List<String> globs) {
    this.components = components;
    this.globs = globs;
    this.files = globs.stream().map(RuleScope::matcher).toList();
  }

  /** @throws java.util.regex.PatternSyntaxException when a glob is not one */
  public static RuleScope of(List<String> components, List<String> fileGlobs) {
    return new RuleScope(Set.copyOf(components), List.copyOf(fileGlobs));
  }

  /** @throws java.util.regex.PatternSyntaxException when {@code glob} is not one */
  public static void checkGlob(String glob) {
    matcher(glob);
  }

  private static PathMatcher matcher(String glob) {
    return FileSystems.getDefault().getPathMatcher("glob:" + glob);
  }

  boolean covers(SourceFile source) {
    if (!components.isEmpty() && !components.contains(source.component())) {
      return false;
    }
    if (files.isEmpty()) {
      return true;
    }
    Path file = Path.of(source.relativePath());
    Path name = file.getFileName();
    for (int i = 0; i < files.size(); i++) {
      Path against = globs.get(i).indexOf('/') >= 0 || name == null ? file : name;
      if (files.get(i).matches(against)) {
        return true;
      }
    }
    return false;
  }

  boolean everywhere() {
    return components.isEmpty() && files.isEmpty();
  }
}
