package io.raylog.tail;

import io.raylog.record.FileKey;
import io.raylog.record.Fingerprint;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files raylog follows, by identity, and by complete fingerprint (to recognise the copy of a file about to be
 * truncated in one lookup, not a pass over every file).
 *
 * <p>Thread-safety: mutated by the tail thread only; {@link #all} may be read from any thread.
 */
final class KnownFiles {
  private final Map<FileKey, TailedFile> byKey = new ConcurrentHashMap<>();
  private final Map<Fingerprint, TailedFile> byFingerprint = new HashMap<>();

  TailedFile get(FileKey key) {
    return byKey.get(key);
  }

  /** The followed files; a live view, safe to iterate from any thread. */
  Collection<TailedFile> all() {
    return byKey.values();
  }

  int size() {
    return byKey.size();
  }

  void add(TailedFile file) {
    byKey.put(file.key, file);
    indexFingerprint(file, null);
  }

  void remove(TailedFile file) {
    remove(file.key, file.fingerprint, file);
  }

  /** Removes {@code file}, known under {@code key} and {@code fingerprint} (its key changed since: spooled). */
  void remove(FileKey key, Fingerprint fingerprint, TailedFile file) {
    byKey.remove(key, file);
    byFingerprint.remove(fingerprint, file);
  }

  /** The fingerprint of {@code file} was {@code before} and may have changed (grown complete, truncated). */
  void indexFingerprint(TailedFile file, Fingerprint before) {
    if (before != null && before != file.fingerprint) {
      byFingerprint.remove(before, file);
    }
    if (file.fingerprint.isComplete()) {
      byFingerprint.putIfAbsent(file.fingerprint, file);
    }
  }

  /** A followed file whose first bytes are {@code fingerprint} (complete), or null. */
  TailedFile withFingerprint(Fingerprint fingerprint) {
    return byFingerprint.get(fingerprint);
  }

  void clear() {
    byKey.clear();
    byFingerprint.clear();
  }
}
