package io.raylog.sink.elasticsearch;

import io.raylog.record.LogRecord;
import io.raylog.route.FilterSyntaxException;
import io.raylog.route.RecordKeys;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * An index name with {@code %Y}, {@code %m}, {@code %d} and {@code %H} standing for the UTC year, month, day and
 * hour of a record's time ({@code raylog-%Y.%m.%d} → {@code raylog-2026.11.25}), and {@code {field}} for a record
 * field as a filter names it ({@code ray-{namespace}-{ray_cluster}} → {@code ray-prod-raycluster-a}), so that tenants
 * are routed to their own indices by one sink.
 *
 * <p>A field's value is made a valid part of an index name: lowercased, each of {@code \ / * ? " < > | , # :} and
 * space made {@code _}; a record without the field (or with it empty) gets {@value #MISSING}. A name that would
 * start with {@code -}, {@code _} or {@code +} loses those characters, which Elasticsearch refuses there.
 *
 * <p>Cached: the date parts per hour, and the whole name per source file when every field has one value for all
 * records of a file (pod metadata, the file's names); a template with a per-line field (severity, a {@code ray} id
 * parsed from a line) builds the name per record. Not thread-safe: one per sink.
 */
final class IndexPattern {
  /** What a record without a template's field gets in its place. */
  static final String MISSING = "unknown";
  private static final long HOUR_MILLIS = 3_600_000L;

  private final String pattern;
  /** The text between fields, {@code fields.size() + 1} of them, with their date patterns. */
  private final List<String> literals = new ArrayList<>();
  private final List<Function<LogRecord, String>> fields = new ArrayList<>();
  private final boolean dated;
  private final boolean cacheBySource;
  private long cachedHour = Long.MIN_VALUE;
  private String[] cachedLiterals;
  private Object cachedSource;
  private String cached;

  /** @throws IllegalArgumentException for a field the configuration would have refused ({@link #fieldNames}) */
  IndexPattern(String pattern) {
    this.pattern = pattern;
    this.dated = pattern.contains("%");
    boolean perFile = true;
    int at = 0;
    for (String name : fieldNames(pattern)) {
      int open = pattern.indexOf('{', at);
      literals.add(pattern.substring(at, open));
      try {
        fields.add(RecordKeys.reader(name));
      } catch (FilterSyntaxException e) {
        throw new IllegalArgumentException("index " + pattern + ": " + e.getMessage(), e);
      }
      perFile &= RecordKeys.sameForAFile(name);
      at = pattern.indexOf('}', open) + 1;
    }
    literals.add(pattern.substring(at));
    this.cacheBySource = perFile;
  }

  /** The field names of {@code pattern}'s {@code {field}} parts, in order. */
  static List<String> fieldNames(String pattern) {
    List<String> names = new ArrayList<>();
    int at = 0;
    int open;
    while ((open = pattern.indexOf('{', at)) >= 0) {
      int close = pattern.indexOf('}', open);
      names.add(pattern.substring(open + 1, close));
      at = close + 1;
    }
    return names;
  }

  /** The index of a time, for a pattern without fields. */
  String indexFor(long epochMillis) {
    if (!fields.isEmpty()) {
      throw new IllegalStateException("index " + pattern + " names record fields: give the record");
    }
    return indexFor(null, epochMillis);
  }

  String indexFor(LogRecord record, long epochMillis) {
    if (!dated && fields.isEmpty()) {
      return pattern;
    }
    long hour = Math.floorDiv(epochMillis, HOUR_MILLIS);
    if (hour != cachedHour) {
      ZonedDateTime time = ZonedDateTime.ofInstant(Instant.ofEpochMilli(hour * HOUR_MILLIS), ZoneOffset.UTC);
      cachedLiterals = new String[literals.size()];
      for (int i = 0; i < cachedLiterals.length; i++) {
        cachedLiterals[i] = format(literals.get(i), time);
      }
      cachedHour = hour;
      cachedSource = null;
      cached = fields.isEmpty() ? cachedLiterals[0] : null;
    }
    if (fields.isEmpty()) {
      return cached;
    }
    if (cacheBySource && cachedSource == record.source && cached != null) {
      return cached;
    }
    StringBuilder name = new StringBuilder(pattern.length() + 32).append(cachedLiterals[0]);
    for (int i = 0; i < fields.size(); i++) {
      appendSanitized(name, fields.get(i).apply(record));
      name.append(cachedLiterals[i + 1]);
    }
    int start = 0;
    while (start < name.length() - 1 && "-_+".indexOf(name.charAt(start)) >= 0) {
      start++;
    }
    cached = name.substring(start);
    cachedSource = record.source;
    return cached;
  }

  private static void appendSanitized(StringBuilder name, String value) {
    if (value == null || value.isEmpty()) {
      name.append(MISSING);
      return;
    }
    String lower = value.toLowerCase(Locale.ROOT);
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      name.append("\\/*?\"<>| ,#:".indexOf(c) >= 0 ? '_' : c);
    }
  }

  private static String format(String text, ZonedDateTime time) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' && i + 1 < text.length()) {
        char field = text.charAt(++i);
        switch (field) {
          case 'Y' -> out.append(String.format("%04d", time.getYear()));
          case 'm' -> out.append(String.format("%02d", time.getMonthValue()));
          case 'd' -> out.append(String.format("%02d", time.getDayOfMonth()));
          case 'H' -> out.append(String.format("%02d", time.getHour()));
          default -> out.append('%').append(field);
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
