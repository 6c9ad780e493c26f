package io.raylog.status;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The HTML page served at {@code /}: one self-contained file (no external assets, since it is opened through
 * {@code kubectl port-forward}, often with no internet) whose script fetches {@code status} every few seconds and
 * renders it. Loaded once; thread-safe.
 */
public final class StatusPage {
  private static final String HTML = load();

  private StatusPage() {}

  public static String html() {
    return HTML;
  }

  private static String load() {
    try (InputStream in = StatusPage.class.getResourceAsStream("status.html")) {
      if (in == null) {
        throw new IllegalStateException("status.html is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
