package io.raylog.sink.proto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Protobuf's wire format into a growable byte array, for encoders that write their messages field by field (Loki's
 * push, OTLP's export) instead of building objects per record. A nested message is written as its tag, its length
 * (computed beforehand with the {@code size…} methods) and its fields. Not thread-safe: one per encoder.
 */
public final class ProtoWriter {
  public static final int VARINT = 0;
  public static final int FIXED64 = 1;
  public static final int LENGTH_DELIMITED = 2;

  private byte[] bytes;
  private int length;

  public ProtoWriter(int initialCapacity) {
    bytes = new byte[Math.max(64, initialCapacity)];
  }

  public int length() {
    return length;
  }

  public byte[] array() {
    return bytes;
  }

  public void clear() {
    length = 0;
  }

  /** Drops a grown array above {@code maxBytes} (after an exceptional batch), so it is not kept alive. */
  public void shrinkTo(int maxBytes) {
    if (bytes.length > maxBytes) {
      bytes = new byte[maxBytes];
      length = 0;
    }
  }

  public ProtoWriter tag(int field, int wireType) {
    return varint(((long) field << 3) | wireType);
  }

  public ProtoWriter varint(long value) {
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      bytes[length++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    bytes[length++] = (byte) value;
    return this;
  }

  public ProtoWriter fixed64(long value) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      bytes[length++] = (byte) (value >>> (8 * i));
    }
    return this;
  }

  /** A length-delimited field holding {@code count} raw bytes. */
  public ProtoWriter bytesField(int field, byte[] source, int from, int count) {
    tag(field, LENGTH_DELIMITED).varint(count);
    return raw(source, from, count);
  }

  public ProtoWriter stringField(int field, byte[] utf8) {
    return bytesField(field, utf8, 0, utf8.length);
  }

  /** Appends bytes already in wire format (a cached encoding of fields). */
  public ProtoWriter raw(byte[] source, int from, int count) {
    ensure(count);
    System.arraycopy(source, from, bytes, length, count);
    length += count;
    return this;
  }

  /**
   * Reserves {@code count} bytes at the end and returns where they start, to be filled by the caller in
   * {@link #array()} read after this call (reserving may replace the array).
   */
  public int reserve(int count) {
    ensure(count);
    int at = length;
    length += count;
    return at;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, length);
  }

  public static int sizeOfVarint(long value) {
    int size = 1;
    while ((value & ~0x7FL) != 0) {
      size++;
      value >>>= 7;
    }
    return size;
  }

  public static int sizeOfTag(int field) {
    return sizeOfVarint((long) field << 3);
  }

  /** The size of a length-delimited field of {@code contentBytes} bytes, tag and length included. */
  public static int sizeOfDelimited(int field, int contentBytes) {
    return sizeOfTag(field) + sizeOfVarint(contentBytes) + contentBytes;
  }

  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private void ensure(int extra) {
    if (length + extra > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + extra));
    }
  }
}
