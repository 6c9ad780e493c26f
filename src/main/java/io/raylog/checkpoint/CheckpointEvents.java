package io.raylog.checkpoint;

/** What the {@link Checkpointer} reports, for metrics. Implementations are thread-safe. */
public interface CheckpointEvents {
  /** An interval made the journal's appends durable (fdatasync). */
  void journalSynced(long nanos);

  /** A snapshot of {@code bytes} was written: a compaction of the journal, or the last one at shutdown. */
  void snapshotWritten(long bytes, long nanos);

  /** An interval found nothing to write: what is on disk is current. */
  void unchanged();

  /**
   * Offsets moved after a quiet spell: what is on disk was current until now, and is behind until the next interval
   * writes. Between this and that interval nothing runs, so a quiet node reports nothing at all.
   */
  void behind();

  /** A journal append, a journal sync or a snapshot failed (a full disk, permissions). */
  void failed();

  CheckpointEvents NONE = new CheckpointEvents() {
    @Override
    public void journalSynced(long nanos) {}

    @Override
    public void snapshotWritten(long bytes, long nanos) {}

    @Override
    public void unchanged() {}

    @Override
    public void behind() {}

    @Override
    public void failed() {}
  };
}
