package io.raylog.record;

/**
 * What the parse of a record read unparsed still needs besides its text. The record only carries it: its content
 * belongs to the parse layer ({@code io.raylog.parse.PendingParse}), which sits above the record model. Immutable.
 */
public interface Unparsed {
  /** At most how many bytes of fields the parse may add, counted against the memory limit before it runs. */
  int extraBytesEstimate();
}
