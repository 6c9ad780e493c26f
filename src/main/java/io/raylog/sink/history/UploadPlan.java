package io.raylog.sink.history;

import java.util.ArrayList;
import java.util.List;

/**
 * How to bring a file's object from the first {@code storedBytes} bytes of the file to the first {@code fileBytes}:
 * nothing, one PUT of the whole prefix, or a multipart upload whose first parts copy the object already stored
 * (UploadPartCopy, done inside the store) and whose last parts carry only the new bytes. S3 wants every part but the
 * last to be at least {@code minPartBytes} (5 MiB), a copied part at most 5 GiB, and at most 10,000 parts: an object
 * under {@code minPartBytes} is sent again whole, which bounds what a small file costs per upload. Pure.
 */
public sealed interface UploadPlan {

  /** The object already holds the file's bytes. */
  record Nothing() implements UploadPlan {}

  /** One PUT of the file's bytes {@code [0, length)}. */
  record Put(long length) implements UploadPlan {}

  /** A multipart upload: its parts in order, each a range of the file. */
  record Multipart(List<Part> parts) implements UploadPlan {
    public Multipart {
      parts = List.copyOf(parts);
    }

    /** Bytes sent to the store (the copied parts stay inside it). */
    public long sentBytes() {
      return parts.stream().filter(p -> !p.copy()).mapToLong(Part::length).sum();
    }
  }

  /** Bytes {@code [from, to)} of the file: copied from the stored object ({@code copy}) or uploaded. */
  record Part(long from, long to, boolean copy) {
    public long length() {
      return to - from;
    }
  }

  /** The limits of the store. */
  record Limits(long minPartBytes, long maxCopyPartBytes, long maxUploadPartBytes, long maxPutBytes) {
    /**
     * S3's: 5 MiB parts at least, 5 GiB copied parts and PUTs at most. Uploaded parts of 16 MiB at most: each is
     * read into the heap whole (raylog's heap is small), and 10,000 of them still make a 156 GiB file.
     */
    public static final Limits S3 = new Limits(5L << 20, 5L << 30, 16L << 20, 5L << 30);
  }

  /**
   * @param storedBytes how many of the file's first bytes the object holds (0: no object)
   * @param fileBytes how many the object should hold
   */
  static UploadPlan of(long storedBytes, long fileBytes, Limits limits) {
    if (fileBytes < storedBytes || storedBytes < 0) {
      throw new IllegalArgumentException("stored " + storedBytes + " > file " + fileBytes);
    }
    if (fileBytes == storedBytes && storedBytes > 0) {
      return new Nothing();
    }
    List<Part> parts = new ArrayList<>();
    long copied = storedBytes >= limits.minPartBytes() ? storedBytes : 0;
    if (copied == 0 && fileBytes <= Math.min(limits.maxPutBytes(), limits.maxUploadPartBytes())) {
      return new Put(fileBytes);
    }
    split(parts, 0, copied, limits.maxCopyPartBytes(), limits.minPartBytes(), true);
    split(parts, copied, fileBytes, limits.maxUploadPartBytes(), limits.minPartBytes(), false);
    return new Multipart(parts);
  }

  /** A copy of a whole stored object of {@code length} bytes, under another key. */
  static Multipart copyAll(long length, Limits limits) {
    List<Part> parts = new ArrayList<>();
    split(parts, 0, length, limits.maxCopyPartBytes(), limits.minPartBytes(), true);
    return new Multipart(parts);
  }

  /**
   * Splits {@code [from, to)} into parts of at most {@code max} bytes and, all but the last, at least {@code min}:
   * the fewest parts, of equal size (so none is left under {@code min}).
   */
  private static void split(List<Part> parts, long from, long to, long max, long min, boolean copy) {
    long length = to - from;
    if (length <= 0) {
      return;
    }
    long count = (length + max - 1) / max;
    long size = (length + count - 1) / count;
    for (long start = from; start < to; start += size) {
      parts.add(new Part(start, Math.min(to, start + size), copy));
    }
    assert size >= min || count == 1;
  }
}
