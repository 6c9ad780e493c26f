package io.raylog.parse;

import io.raylog.record.JsonBytes;
import io.raylog.record.RayKey;

/**
 * The fields one line adds to its record, written straight as JSON fragments: {@link #ray()} holds
 * {@code ,"key":value} pairs that follow the file's own {@code ray} fields, {@link #attributes()} the body of the
 * {@code attributes} object. A key is written once: the first value wins, and keys the file's name already gives
 * (its pid, worker, job…) are left to it, so a record never repeats a key.
 *
 * <p>Not thread-safe: one per parse thread, reset for every record.
 */
public final class ParsedFields {
  private final JsonBytes ray = new JsonBytes(256);
  private final JsonBytes attributes = new JsonBytes(256);
  private int taken;
  private int attributeCount;
  private int markedRay;
  private int markedAttributes;
  private int markedTaken;
  private int markedAttributeCount;

  /** Starts a record whose file already gives the keys in {@code sourceKeys} (a mask of {@link RayKey} bits). */
  void reset(int sourceKeys) {
    ray.clear();
    attributes.clear();
    taken = sourceKeys;
    attributeCount = 0;
  }

  /** Remembers the fields so far, for a parser that may find, half-way, that the line is not its format. */
  void mark() {
    markedRay = ray.length();
    markedAttributes = attributes.length();
    markedTaken = taken;
    markedAttributeCount = attributeCount;
  }

  /** Forgets every field added since {@link #mark()}. */
  void rollBack() {
    ray.truncate(markedRay);
    attributes.truncate(markedAttributes);
    taken = markedTaken;
    attributeCount = markedAttributeCount;
  }

  boolean has(RayKey key) {
    return (taken & key.bit()) != 0;
  }

  boolean isEmpty() {
    return ray.length() == 0 && attributes.length() == 0;
  }

  void string(RayKey key, String value) {
    if (take(key)) {
      ray.raw(key.prefix).string(value);
    }
  }

  void string(RayKey key, byte[] bytes, int from, int length) {
    if (take(key)) {
      ray.raw(key.prefix).utf8String(bytes, from, length);
    }
  }

  void number(RayKey key, long value) {
    if (take(key)) {
      ray.raw(key.prefix).number(value);
    }
  }

  /** A value already encoded as JSON (a string with its quotes, a number…). */
  void rawJson(RayKey key, byte[] json) {
    rawJson(key, json, 0, json.length);
  }

  /** A value already encoded as JSON, a slice of {@code bytes}. */
  void rawJson(RayKey key, byte[] bytes, int from, int length) {
    if (take(key)) {
      ray.raw(key.prefix).raw(bytes, from, length);
    }
  }

  void attribute(String key, String value) {
    attributeKey(key).string(value);
  }

  /** An attribute whose value is a slice of {@code bytes}, as UTF-8. */
  void attribute(String key, byte[] bytes, int from, int length) {
    attributeKey(key).utf8String(bytes, from, length);
  }

  /** An attribute whose key and value are both slices of {@code bytes} (the key needs no escape: a pair's key). */
  void attribute(byte[] bytes, int keyFrom, int keyLength, int valueFrom, int valueLength) {
    attributeKey(bytes, keyFrom, keyLength).utf8String(bytes, valueFrom, valueLength);
  }

  /**
   * An attribute whose key and value are both JSON as a line has them, slices of {@code bytes}: the key's text
   * between its quotes (escapes and all), the value whole.
   */
  void attributeJson(byte[] bytes, int keyFrom, int keyLength, int valueFrom, int valueLength) {
    attributeKey(bytes, keyFrom, keyLength).raw(bytes, valueFrom, valueLength);
  }

  private JsonBytes attributeKey(String key) {
    return separated().string(key).raw(':');
  }

  /** A key that needs no escaping, or is escaped already: its text between the quotes, a slice of {@code bytes}. */
  private JsonBytes attributeKey(byte[] bytes, int from, int length) {
    return separated().raw('"').raw(bytes, from, length).raw('"').raw(':');
  }

  /** The attributes, ready for one more: after a comma if one came before. */
  private JsonBytes separated() {
    if (attributeCount++ > 0) {
      attributes.raw(',');
    }
    return attributes;
  }

  private boolean take(RayKey key) {
    if ((taken & key.bit()) != 0) {
      return false;
    }
    taken |= key.bit();
    return true;
  }

  JsonBytes ray() {
    return ray;
  }

  JsonBytes attributes() {
    return attributes;
  }
}
