package io.raylog.archfixture.second;

import io.raylog.archfixture.first.First;

/** The other half of a deliberate package cycle: ArchitectureTest checks that its rules see one. */
public final class Second {
  First back;
}
