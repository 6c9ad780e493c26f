package io.raylog.enrich;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which label or annotation keys records carry: exact keys, or prefixes written with a trailing {@code *}
 * ({@code ray.io/*}). Immutable and thread-safe.
 */
public final class KeyAllowlist {
  private final List<String> exact;
  private final List<String> prefixes;

  public KeyAllowlist(List<String> patterns) {
    this.exact = patterns.stream().filter(p -> !p.endsWith("*")).toList();
    this.prefixes = patterns.stream().filter(p -> p.endsWith("*")).map(p -> p.substring(0, p.length() - 1)).toList();
  }

  public boolean allows(String key) {
    if (exact.contains(key)) {
      return true;
    }
    for (String prefix : prefixes) {
      if (key.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** The entries whose keys are allowed; an empty map for null. */
  public Map<String, String> filter(Map<String, String> entries) {
    Map<String, String> allowed = new TreeMap<>();
    if (entries != null) {
      entries.forEach((key, value) -> {
        if (allows(key)) {
          allowed.put(key, value);
        }
      });
    }
    return allowed;
  }
}
