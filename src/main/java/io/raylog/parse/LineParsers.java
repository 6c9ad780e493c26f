package io.raylog.parse;

/**
 * The tools the parsers of one thread share: settings, the time cache, the scratch line and the slab for the fields
 * of records. The tail thread's assemblers use its settings and events; the parse thread's {@link RecordParser}
 * uses all of it. Not thread-safe: one per thread.
 */
public final class LineParsers {
  final ParseSettings settings;
  final ParseEvents events;
  final LocalTimes times;
  final ParsedLine line = new ParsedLine();
  final ExtrasSlab slab = new ExtrasSlab();

  public LineParsers(ParseSettings settings, ParseEvents events) {
    this.settings = settings;
    this.events = events;
    this.times = new LocalTimes(settings.zone());
  }

  public ParseSettings settings() {
    return settings;
  }
}
