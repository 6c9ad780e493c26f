package io.raylog.pipeline;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Formats epoch milliseconds as RFC 3339 UTC with milliseconds ({@code 2026-11-25T10:00:00.123Z}) into
 * {@link JsonBytes}. The part up to the seconds is cached per second, since consecutive records share it. Not
 * thread-safe: one per encoding thread.
 */
public final class Timestamps {
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private long cachedSecond = Long.MIN_VALUE;
  private byte[] cachedPrefix = new byte[0];

  /** Appends the quoted timestamp. */
  public void write(long epochMillis, JsonBytes out) {
    long second = Math.floorDiv(epochMillis, 1000);
    if (second != cachedSecond) {
      cachedPrefix = ('"' + SECONDS.format(Instant.ofEpochSecond(second)) + '.').getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      cachedSecond = second;
    }
    int millis = (int) Math.floorMod(epochMillis, 1000);
    out.raw(cachedPrefix);
    out.raw((char) ('0' + millis / 100));
    out.raw((char) ('0' + (millis / 10) % 10));
    out.raw((char) ('0' + millis % 10));
    out.raw('Z');
    out.raw('"');
  }
}
