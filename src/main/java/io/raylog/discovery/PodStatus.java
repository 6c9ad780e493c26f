package io.raylog.discovery;

import java.util.List;

/**
 * One Ray pod on the node as the status page shows it: the directories raylog follows for it, and the Ray
 * containers whose logs it cannot read, each with the reason and the fix. Immutable.
 *
 * @param directories host directories followed, as {@code container: path}
 * @param problems one line per unreadable container: what, why, fix
 */
public record PodStatus(String namespace, String name, List<String> directories, List<String> problems) {
  public PodStatus {
    directories = List.copyOf(directories);
    problems = List.copyOf(problems);
  }
}
