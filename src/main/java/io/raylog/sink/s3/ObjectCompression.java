package io.raylog.sink.s3;

import java.util.Locale;

/**
 * How the s3 sink compresses its objects. Both formats let an object be the concatenation of independently
 * compressed members (gzip members, zstd frames), which their readers read as one stream: so each batch is
 * compressed once, as it arrives, and an object in the making holds only compressed bytes.
 */
public enum ObjectCompression {
  /** gzip (RFC 1952): read by every tool (zcat, gunzip, Athena, Spark, BigQuery). */
  GZIP("gz", 9),
  /**
   * zstd (RFC 8878): on raylog's NDJSON at level 1, about a quarter of gzip's CPU at level 1 and a quarter smaller;
   * read by zstdcat, Athena, Spark, DuckDB and ClickHouse, not by zcat.
   */
  ZSTD("zst", 19);

  private final String extension;
  private final int maxLevel;

  ObjectCompression(String extension, int maxLevel) {
    this.extension = extension;
    this.maxLevel = maxLevel;
  }

  /** The object name's last suffix, after {@code .ndjson.}. */
  public String extension() {
    return extension;
  }

  /** The object's {@code Content-Encoding}. */
  public String contentEncoding() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The highest level this format takes; the lowest is 1. */
  public int maxLevel() {
    return maxLevel;
  }

  /** A compressor of members at {@code level}, 1 to {@link #maxLevel}; it holds native memory until closed. */
  MemberCompressor compressor(int level) {
    return this == GZIP ? new GzipMembers(level) : new ZstdMembers(level);
  }
}
