package io.raylog.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/** An {@code http://} or {@code https://} URL with a host. Credentials in it are refused: they would be logged. */
public record UrlType() implements ValueType<URI> {

  @Override
  public String describe() {
    return "URL, http:// or https://";
  }

  @Override
  public URI read(JsonNode node, KeyPath path, Problems problems) {
    String text = NodeText.string(node, path, problems, "a URL such as http://host:port/path");
    if (text == null) {
      return null;
    }
    text = text.strip();
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      problems.add(path, "not a valid URL: " + e.getReason() + ", got " + NodeText.quote(text));
      return null;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      problems.add(path, "expected an http:// or https:// URL, got " + NodeText.quote(text));
      return null;
    }
    if (uri.getHost() == null) {
      problems.add(path, "the URL has no host, got " + NodeText.quote(text));
      return null;
    }
    if (uri.getRawUserInfo() != null) {
      problems.add(path, "must not contain credentials; use basic_user and basic_password");
      return null;
    }
    if (uri.getRawFragment() != null) {
      problems.add(path, "must not contain a fragment (#…)");
      return null;
    }
    return uri;
  }
}
