package io.raylog.retention;

import io.raylog.config.RaylogConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which files to delete now, and what holds the others back. Pure: it takes the files with their kind, size, age and
 * acknowledgements and returns the decisions; the shell ({@link Retention}) deletes. Two rules, in order:
 *
 * <ol>
 *   <li>{@code rotated_files}: rotated backups and {@code logs/old/} files, at least {@code min_age} old, once every
 *       sink acknowledged them to their end;
 *   <li>{@code max_bytes}: while the files kept weigh more than the cap, the oldest (by modification time) fully
 *       acknowledged files that no live process writes, whatever their age. Live files are never deleted, so the cap
 *       may stay exceeded ({@link Plan#overCapBytes}).
 * </ol>
 *
 * Bytes held back are those of files a rule would delete now, had every sink acknowledged them, by sink.
 */
final class RetentionPlan {
  static final String ROTATED = "rotated";
  static final String OLD = "old";
  static final String DEAD_POD = "dead_pod";
  static final String MAX_BYTES = "max_bytes";

  /** A file to delete, and the rule that says so. */
  record Deletion(KeptFile file, String reason) {}

  /**
   * @param keptBytes the bytes of the files kept, after the deletions
   * @param heldBackBytes bytes of files due for deletion but not yet acknowledged by every sink
   * @param heldBackBySink for each sink, the bytes it has not acknowledged of those files
   * @param overCapBytes how far above {@code max_bytes} the kept files stay; 0 without a cap
   */
  record Plan(List<Deletion> deletions, long keptBytes, long heldBackBytes, long[] heldBackBySink, long overCapBytes) {}

  private RetentionPlan() {}

  static Plan plan(List<KeptFile> files, RaylogConfig.Retention settings, long nowMillis, int sinks) {
    List<Deletion> deletions = new ArrayList<>();
    long[] bySink = new long[sinks];
    long held = 0;
    long kept = 0;
    List<KeptFile> others = new ArrayList<>();
    for (KeptFile file : files) {
      kept += file.size();
      if (settings.rotatedFiles() && (file.kind() == FileKind.ROTATED || file.kind() == FileKind.OLD)
          && oldEnough(file, settings, nowMillis)) {
        if (file.acknowledged()) {
          deletions.add(new Deletion(file, file.kind() == FileKind.OLD ? OLD : ROTATED));
          kept -= file.size();
        } else {
          held += holdBack(file, bySink);
        }
      } else if (!file.kind().live()) {
        others.add(file);
      }
    }
    long over = 0;
    if (settings.maxBytes() > 0 && kept > settings.maxBytes()) {
      others.sort(Comparator.comparingLong(KeptFile::modifiedMillis));
      for (KeptFile file : others) {
        if (kept <= settings.maxBytes()) {
          break;
        }
        if (file.acknowledged()) {
          deletions.add(new Deletion(file, MAX_BYTES));
          kept -= file.size();
        } else if (file.kind() != FileKind.DEAD_POD) { // a deleted pod's files: counted by their own rule
          held += holdBack(file, bySink);
        }
      }
      over = Math.max(0, kept - settings.maxBytes());
    }
    return new Plan(deletions, kept, held, bySink, over);
  }

  /** At least {@code min_age} old; with none, whatever its time says (a clock ahead of this one's included). */
  private static boolean oldEnough(KeptFile file, RaylogConfig.Retention settings, long nowMillis) {
    return settings.minAge().isZero() || nowMillis - file.modifiedMillis() >= settings.minAge().toMillis();
  }

  /** Adds what each sink has not acknowledged of {@code file}; returns the bytes not acknowledged by all. */
  static long holdBack(KeptFile file, long[] bySink) {
    for (int i = 0; i < bySink.length; i++) {
      bySink[i] += Math.max(0, file.size() - file.file().acknowledgedBy(i));
    }
    return Math.max(0, file.size() - file.file().committedOffset());
  }
}
