package io.raylog.record;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.CRC32C;

/**
 * The stable id of a record ({@code log.id}): the same on every read of the same bytes of the same file, whatever
 * its path (rotation renames it) or whether it is read from the original or from its copy in the spool, and
 * different for every other record. Sinks whose backend can deduplicate send it (the Elasticsearch {@code _id},
 * OTLP's {@code log.record.uid}, a Kafka header), so that the batches re-sent after a crash are dropped there.
 *
 * <p>An instance is a seed: the part that is the same for many records, computed once per file (or, in a file's
 * first {@link Fingerprint#MAX_BYTES} bytes, once per record); {@link #write} mixes in a record's offsets without
 * allocating. The recipe, exactly (docs/how-it-works.md#record-ids repeats it):
 *
 * <ol>
 *   <li>{@code k1, k2}: the first two big-endian 64-bit words of SHA-256 over the UTF-8 of
 *       {@code "raylog log.id v1\n" + session + "\n" + device + ":" + inode} (the original file's identity on the
 *       host, kept in a spool copy's header);
 *   <li>{@code f}: for a record that ends at or past byte 1024 of its file, {@code 1024 << 32 | crc}, where
 *       {@code crc} is the CRC32C of the file's first 1024 bytes (its complete {@link Fingerprint}); for a record
 *       that ends before, {@code 1 << 63 | length << 32 | crc}, over its own bytes as read (its lines joined by
 *       {@code \n}), because the file's first KiB is not complete yet, or not on hand, when it is read;
 *   <li>{@code s1 = fmix64(k1 ^ f)}, {@code s2 = fmix64(k2 + f)} (the seed; {@code fmix64} is MurmurHash3's
 *       finaliser, a bijection);
 *   <li>{@code id = base64url(bigEndian(fmix64(s1 ^ offset)) ‖ bigEndian(fmix64(s2 + end)))} without padding: 22
 *       characters for 128 bits, {@code offset} being the record's first byte in the file and {@code end} the
 *       offset just after its last.
 * </ol>
 *
 * <p>The end is part of it because a record is not always cut the same way on a second read: a last line without
 * its newline shipped alone after {@code tail.partial_line_timeout}, or a multi-line record closed by its flush
 * timeout, may be read longer after a restart. The longer record must not be dropped as a copy of the shorter one,
 * whose id it would otherwise share. Within one file two records never get one id (each word is a bijection of its
 * offset); across files, sessions and contents, two ids meet with the odds of a 128-bit hash. Immutable and
 * thread-safe.
 */
public final class RecordId {
  /** The length of an id in characters (and bytes: it is ASCII). */
  public static final int LENGTH = 22;

  private static final long OWN_BYTES = 1L << 63;

  private final long seed1;
  private final long seed2;

  private RecordId(long seed1, long seed2) {
    this.seed1 = seed1;
    this.seed2 = seed2;
  }

  /** The per-file part, {@code k1, k2}: once per source (a rename keeps session and identity, so the same key). */
  static long[] fileKey(String session, String hostFileId) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      byte[] digest = sha256.digest(("raylog log.id v1\n" + session + "\n" + hostFileId)
          .getBytes(StandardCharsets.UTF_8));
      return new long[] {word(digest, 0), word(digest, 8)};
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /**
   * The seed of the records of {@code source} that end at or past its first 1024 bytes; null when the source has
   * no identity (records raylog makes itself, tests).
   *
   * @param fingerprint the file's complete fingerprint (over its first 1024 bytes)
   */
  public static RecordId ofFile(SourceFile source, Fingerprint fingerprint) {
    if (!fingerprint.isComplete()) {
      throw new IllegalArgumentException("an incomplete fingerprint changes as the file grows: " + fingerprint);
    }
    return seeded(source, ((long) fingerprint.length() << 32) | fingerprint.crc());
  }

  /** The seed of a record that ends in its file's first 1024 bytes: from its own bytes as read. */
  public static RecordId ofRecordBytes(SourceFile source, byte[] bytes, int from, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, from, length);
    return seeded(source, OWN_BYTES | ((long) length << 32) | crc.getValue());
  }

  private static RecordId seeded(SourceFile source, long f) {
    long[] key = source.idKey();
    return key == null ? null : new RecordId(fmix64(key[0] ^ f), fmix64(key[1] + f));
  }

  /** Appends the id of the record from {@code offset} to {@code end}: 22 ASCII characters, unquoted. */
  public void write(long offset, long end, JsonBytes out) {
    out.base64url(fmix64(seed1 ^ offset), fmix64(seed2 + end));
  }

  /** The id of the record from {@code offset} to {@code end} as a string (OTLP attributes, Kafka keys). */
  public String text(long offset, long end) {
    return new String(ascii(offset, end), StandardCharsets.US_ASCII);
  }

  /** The same id as its {@link #LENGTH} ASCII bytes, in an array of its own (Kafka headers). */
  public byte[] ascii(long offset, long end) {
    JsonBytes out = new JsonBytes(LENGTH);
    write(offset, end, out);
    return out.length() == out.array().length ? out.array() : out.toByteArray();
  }

  private static long word(byte[] bytes, int from) {
    long value = 0;
    for (int i = from; i < from + 8; i++) {
      value = value << 8 | (bytes[i] & 0xFF);
    }
    return value;
  }

  /** MurmurHash3's 64-bit finaliser: a bijection that spreads every input bit over the output. */
  static long fmix64(long value) {
    long k = value;
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RecordId id && id.seed1 == seed1 && id.seed2 == seed2;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(seed1 * 31 + seed2);
  }
}
