package io.raylog.archfixture.first;

import io.raylog.archfixture.second.Second;

/** Half of a deliberate package cycle: ArchitectureTest checks that its rules see one. */
public final class First {
  Second next;
}
