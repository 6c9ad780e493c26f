package io.raylog.discovery;

/** What the resolver found for one Ray container's temp dir: a directory to tail, or why there is none. */
sealed interface TempDirOutcome permits PodRootSpec, PodProblem {}
