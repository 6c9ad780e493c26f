package io.raylog.discovery;

import io.raylog.tail.TailRoot;

/**
 * The hostPath Ray temp dir of a deleted Ray pod: its files stay on the node, so raylog goes on following them (with
 * the pod's metadata) until every one is shipped, and retention may delete them later.
 *
 * @param departedAtMillis when discovery saw the pod deleted (wall clock: it survives a restart)
 */
public record DepartedPod(TailRoot root, long departedAtMillis) {}
