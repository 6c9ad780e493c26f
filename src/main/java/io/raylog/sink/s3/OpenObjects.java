package io.raylog.sink.s3;

import io.raylog.record.JsonBytes;
import io.raylog.record.LogRecord;
import io.raylog.record.NdjsonEncoder;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects being filled, one per directory of the {@link ObjectLayout} (one per Ray log file), and when each is
 * sealed for upload: when it reaches {@code maxObjectBytes} (compressed), when it is {@code rollIntervalNanos} old,
 * or on demand (memory pressure, shutdown, a retry). Each send's records are NDJSON-encoded and compressed per
 * object as one member (a gzip member or a zstd frame, {@link ObjectCompression}), so an open object holds
 * compressed bytes only; the records themselves stay counted in the pipeline's memory limit until their objects
 * are uploaded and the stage acknowledges them.
 *
 * <p>Pure: time is a parameter. Not thread-safe: confined to the s3 sink's thread.
 */
final class OpenObjects implements AutoCloseable {
  private final ObjectLayout layout;
  private final long maxObjectBytes;
  private final long rollIntervalNanos;
  private final Map<String, Filling> open = new LinkedHashMap<>();
  private final NdjsonEncoder encoder = new NdjsonEncoder();
  private final JsonBytes ndjson = new JsonBytes(64 * 1024);
  private final ObjectCompression compression;
  private final MemberCompressor compressor;

  /** @param compressionLevel the level of {@code compression}, 1 to its {@link ObjectCompression#maxLevel} */
  OpenObjects(ObjectLayout layout, long maxObjectBytes, long rollIntervalNanos, ObjectCompression compression,
      int compressionLevel) {
    this.compression = compression;
    this.compressor = compression.compressor(compressionLevel);
    this.layout = layout;
    this.maxObjectBytes = maxObjectBytes;
    this.rollIntervalNanos = rollIntervalNanos;
  }

  /** An object ready for upload, with the sends whose records it holds. */
  record Sealed(String key, byte[] content, int records, List<Member> members) {}

  /** Positions of one send's records in an object. */
  record Member(ObjectSend send, int[] positions) {}

  /**
   * Adds a send's records to the objects of their directories; returns the objects this filled up. With
   * {@code sealTouched} every object the records went into is sealed at once (a retry, or draining at shutdown).
   */
  List<Sealed> add(ObjectSend send, long nowNanos, boolean sealTouched) {
    Map<String, int[]> byDirectory = groupByDirectory(send);
    List<Sealed> sealed = new ArrayList<>();
    for (Map.Entry<String, int[]> group : byDirectory.entrySet()) {
      int[] positions = group.getValue();
      if (sealTouched && open.containsKey(group.getKey())) {
        // Records sent again are older than those already filling this directory's object: that object goes up as
        // it is, and these records form their own, named after their first record, so keys stay in record order.
        sealed.add(seal(group.getKey()));
      }
      Filling object = open.computeIfAbsent(group.getKey(),
          directory -> new Filling(
              ObjectLayout.objectKey(directory, send.records.get(positions[0]), compression), nowNanos));
      ndjson.clear();
      for (int position : positions) {
        LogRecord record = send.records.get(position);
        encoder.encode(record, ndjson);
        object.cost += record.cost;
      }
      compressor.append(ndjson.array(), 0, ndjson.length(), object.content);
      ndjson.shrinkTo(8 << 20);
      object.members.add(new Member(send, positions));
      object.records += positions.length;
      send.addObject();
      if (sealTouched || object.content.size() >= maxObjectBytes) {
        sealed.add(seal(group.getKey()));
      }
    }
    return sealed;
  }

  /** The objects that have been open for the roll interval. */
  List<Sealed> due(long nowNanos) {
    List<Sealed> sealed = new ArrayList<>();
    Iterator<Map.Entry<String, Filling>> it = open.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Filling> entry = it.next();
      if (nowNanos - entry.getValue().openedNanos >= rollIntervalNanos) {
        it.remove();
        sealed.add(entry.getValue().seal());
      }
    }
    return sealed;
  }

  /** Every open object, sealed. */
  List<Sealed> sealAll() {
    List<Sealed> sealed = new ArrayList<>();
    open.values().forEach(object -> sealed.add(object.seal()));
    open.clear();
    return sealed;
  }

  int openObjects() {
    return open.size();
  }

  /** What the records of the open objects cost in the pipeline's memory limit ({@link LogRecord#cost}). */
  long openCostBytes() {
    long cost = 0;
    for (Filling object : open.values()) {
      cost += object.cost;
    }
    return cost;
  }

  /** The earliest time an open object becomes due, or -1 when none is open. */
  long nextDueNanos() {
    long next = -1;
    for (Filling object : open.values()) {
      long due = object.openedNanos + rollIntervalNanos;
      if (next < 0 || due < next) {
        next = due;
      }
    }
    return next;
  }

  @Override
  public void close() {
    compressor.close();
  }

  private Sealed seal(String directory) {
    return open.remove(directory).seal();
  }

  private Map<String, int[]> groupByDirectory(ObjectSend send) {
    Map<String, Positions> groups = new LinkedHashMap<>();
    Positions current = null;
    Object lastSource = null;
    for (int i = 0, n = send.records.size(); i < n; i++) {
      LogRecord record = send.records.get(i);
      // Consecutive records of one file share a directory: look it up once per run of them.
      if (current == null || record.source != lastSource) {
        lastSource = record.source;
        current = groups.computeIfAbsent(layout.directory(record), directory -> new Positions());
      }
      current.add(i);
    }
    Map<String, int[]> byDirectory = new LinkedHashMap<>();
    groups.forEach((directory, positions) -> byDirectory.put(directory, positions.toArray()));
    return byDirectory;
  }

  /** A growing list of positions. */
  private static final class Positions {
    private int[] values = new int[16];
    private int size;

    void add(int position) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = position;
    }

    int[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }

  /** An object being filled. */
  private static final class Filling {
    final String key;
    final long openedNanos;
    final ByteArrayOutputStream content = new ByteArrayOutputStream(8 * 1024);
    final List<Member> members = new ArrayList<>();
    int records;
    /** What its records cost in the pipeline's memory limit. */
    long cost;

    Filling(String key, long openedNanos) {
      this.key = key;
      this.openedNanos = openedNanos;
    }

    Sealed seal() {
      return new Sealed(key, content.toByteArray(), records, List.copyOf(members));
    }
  }
}
