package io.raylog.discovery;

/**
 * A Ray container of a pod whose logs cannot be read, with the reason and the details that help fix it. Immutable.
 *
 * @param detail what exactly was found, e.g. the volume type or the unresolved variable
 */
public record PodProblem(String container, UnreadableReason reason, String detail) implements TempDirOutcome {

  /** One line for the log and the status page: what, why, and the fix. */
  public String describe() {
    return "container " + container + ": " + reason.meaning() + " (" + detail + "); fix: " + reason.fix();
  }
}
