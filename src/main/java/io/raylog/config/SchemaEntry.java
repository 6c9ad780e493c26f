package io.raylog.config;

/**
 * One key of a YAML mapping as the schema declares it. The schema is both what the loader accepts (a key that is
 * no entry is an error) and what {@link ConfigReference} documents, so the two cannot drift apart.
 */
public sealed interface SchemaEntry permits Option, Section, SinkList {

  /** The snake_case key in its mapping. */
  String key();

  /** What the key does, for the reference. Markdown. */
  String description();
}
