package io.raylog.discovery;

import java.util.List;

/**
 * What the resolver made of one pod: the directories to tail and the Ray containers that cannot be read. A pod with
 * no Ray container resolves to neither. Immutable.
 */
public record PodResolution(List<PodRootSpec> roots, List<PodProblem> problems) {

  public static final PodResolution NOT_RAY = new PodResolution(List.of(), List.of());

  public PodResolution {
    roots = List.copyOf(roots);
    problems = List.copyOf(problems);
  }

  public boolean isRayPod() {
    return !roots.isEmpty() || !problems.isEmpty();
  }
}
