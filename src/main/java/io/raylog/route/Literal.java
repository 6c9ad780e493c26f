package io.raylog.route;

import java.nio.charset.StandardCharsets;

/** A value written in a filter, with its UTF-8 bytes made once, at start-up, for the tests that compare bytes. */
record Literal(String text, byte[] utf8) {
  static Literal of(String text) {
    return new Literal(text, text.getBytes(StandardCharsets.UTF_8));
  }
}
