package io.raylog.pipeline;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Formats epoch milliseconds as RFC 3339 UTC with milliseconds ({@code 2026-11-25T10:00:00.123Z}) into
 * {@link JsonBytes}. The last value is cached whole, and the part up to the seconds per second, since consecutive records share them. Not
 * thread-safe: one per encoding thread.
 */
public final class Timestamps {
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  /** The last timestamp written, whole and quoted: records of one read share their observed time. */
  private long cachedMillis = Long.MIN_VALUE;
  private final byte[] cached = new byte[32];
  private int cachedLength;
  private long cachedSecond = Long.MIN_VALUE;
  private byte[] secondPrefix = new byte[0];

  /** Appends the quoted timestamp. */
  public void write(long epochMillis, JsonBytes out) {
    if (epochMillis != cachedMillis) {
      format(epochMillis);
    }
    out.raw(cached, cachedLength);
  }

  private void format(long epochMillis) {
    long second = Math.floorDiv(epochMillis, 1000);
    if (second != cachedSecond) {
      secondPrefix = ('"' + SECONDS.format(Instant.ofEpochSecond(second)) + '.').getBytes(StandardCharsets.US_ASCII);
      cachedSecond = second;
    }
    int millis = (int) Math.floorMod(epochMillis, 1000);
    int n = secondPrefix.length;
    System.arraycopy(secondPrefix, 0, cached, 0, n);
    cached[n] = (byte) ('0' + millis / 100);
    cached[n + 1] = (byte) ('0' + (millis / 10) % 10);
    cached[n + 2] = (byte) ('0' + millis % 10);
    cached[n + 3] = 'Z';
    cached[n + 4] = '"';
    cachedLength = n + 5;
    cachedMillis = epochMillis;
  }
}
