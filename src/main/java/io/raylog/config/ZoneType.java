package io.raylog.config;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import tools.jackson.databind.JsonNode;

/** A time zone: a region such as {@code Europe/Berlin}, {@code UTC}, or an offset such as {@code +02:00}. */
record ZoneType() implements ValueType<ZoneId> {

  @Override
  public String describe() {
    return "time zone, a region (`Europe/Berlin`), `UTC` or an offset (`+02:00`)";
  }

  @Override
  public ZoneId read(JsonNode node, KeyPath path, Problems problems) {
    String text = NodeText.string(node, path, problems, "a time zone such as UTC or Europe/Berlin");
    if (text == null) {
      return null;
    }
    try {
      ZoneId zone = ZoneId.of(text);
      return zone.normalized() instanceof ZoneOffset offset && offset.getTotalSeconds() == 0 ? ZoneOffset.UTC : zone;
    } catch (DateTimeException e) {
      problems.add(path, "unknown time zone " + NodeText.quote(text)
          + " (expected a region such as Europe/Berlin, UTC, or an offset such as +02:00)");
      return null;
    }
  }

  @Override
  public String show(ZoneId value) {
    return value.getId().equals("Z") ? "UTC" : value.getId();
  }
}
