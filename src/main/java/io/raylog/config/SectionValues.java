package io.raylog.config;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The values of one YAML mapping, read against the schema entries allowed there. Reading adds every problem it
 * finds and never stops early. Afterwards, {@link #get} returns the default for an invalid value, so the binder
 * can still build its records (which are discarded, because there are problems); cross-field checks ask
 * {@link #valid} first, so that one bad value is not reported again as a confusing second problem.
 *
 * <p>Not thread-safe: used within one load.
 */
public final class SectionValues {

  private final JsonNode node;
  private final KeyPath path;
  private final Problems problems;
  private final Set<Option<?>> declared = new LinkedHashSet<>();
  private final Map<String, Section> sections = new HashMap<>();
  private final Map<String, SectionValues> children = new HashMap<>();
  private final Map<Option<?>, Object> values = new HashMap<>();
  // False when this mapping was missing or not a mapping: that is already reported, and nothing under it is.
  private final boolean usable;

  private SectionValues(JsonNode node, KeyPath path, Problems problems, boolean usable) {
    this.node = node;
    this.path = path;
    this.problems = problems;
    this.usable = usable;
  }

  /**
   * Reads a mapping: reports keys that are no entry (when {@code checkUnknownKeys}), then reads every option among
   * the entries. Sections and lists among the entries are read later, through {@link #section} and {@link #node}.
   */
  public static SectionValues read(
      JsonNode mapping, KeyPath path, List<? extends SchemaEntry> entries, boolean checkUnknownKeys, Problems problems) {
    SectionValues section = new SectionValues(mapping, path, problems, true);
    if (checkUnknownKeys) {
      section.reportUnknownKeys(entries);
    }
    for (SchemaEntry entry : entries) {
      if (entry instanceof Option<?> option) {
        section.readOption(option);
      } else if (entry instanceof Section child) {
        section.sections.put(child.key(), child);
      }
    }
    return section;
  }

  /**
   * Builds a configuration record from these values, by the names of its components ({@link RecordBinder}): the
   * one place an option's value meets the record that carries it, so an option is declared once and read by name.
   */
  public <R extends Record> R bind(Class<R> type) {
    return RecordBinder.bind(this, type);
  }

  /** The option declared here under {@code key}; null when there is none. */
  Option<?> option(String key) {
    for (Option<?> option : declared) {
      if (option.key().equals(key)) {
        return option;
      }
    }
    return null;
  }

  /** The section declared here under {@code key}; null when there is none. */
  Section sectionEntry(String key) {
    return sections.get(key);
  }

  /**
   * Reads a nested section, once: asking again gives the same values (its problems are reported once). A section
   * given with nothing under it ({@code tail:}) takes every default.
   */
  SectionValues section(Section child) {
    SectionValues read = children.get(child.key());
    if (read == null) {
      read = readSection(child);
      children.put(child.key(), read);
    }
    return read;
  }

  private SectionValues readSection(Section child) {
    KeyPath childPath = path.child(child.key());
    if (!usable) {
      return unusable(childPath, child);
    }
    JsonNode childNode = node.get(child.key());
    if (childNode == null) {
      if (child.required()) {
        problems.add(childPath, "required");
        return unusable(childPath, child);
      }
      return read(JsonNodeFactory.instance.objectNode(), childPath, child.entries(), true, problems);
    }
    if (childNode.isNull()) {
      // Every key under it commented out: the natural way to say "all defaults".
      return read(JsonNodeFactory.instance.objectNode(), childPath, child.entries(), true, problems);
    }
    if (!childNode.isObject()) {
      problems.add(childPath, "expected a map of settings, got " + NodeText.describe(childNode));
      return unusable(childPath, child);
    }
    return read(childNode, childPath, child.entries(), true, problems);
  }

  /** The value of an option: as read, its default when absent or invalid, or null when required and missing. */
  @SuppressWarnings("unchecked")
  public <T> T get(Option<T> option) {
    if (!declared.contains(option)) {
      throw new IllegalArgumentException(option.key() + " is not an option of " + path);
    }
    return values.containsKey(option) ? (T) values.get(option) : option.defaultValue();
  }

  /** Whether every one of these options holds a valid value (its default counts, when the key is absent). */
  public boolean valid(Option<?>... options) {
    for (Option<?> option : options) {
      if (!values.containsKey(option)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the key is present in this mapping, whatever its value. */
  public boolean has(String key) {
    return usable && node.has(key);
  }

  /** The raw value of a key, for entries read by their own reader; null when absent or this mapping is unusable. */
  JsonNode node(String key) {
    return usable ? node.get(key) : null;
  }

  /** Whether the mapping has no keys at all. */
  boolean isEmpty() {
    return !usable || node.isEmpty();
  }

  /** Whether this mapping could be read; when not, that is already reported and nothing under it should be. */
  boolean usable() {
    return usable;
  }

  public KeyPath path() {
    return path;
  }

  private static SectionValues unusable(KeyPath path, Section section) {
    SectionValues values = new SectionValues(null, path, new Problems(), false);
    values.declared.addAll(section.options());
    return values;
  }

  private void reportUnknownKeys(List<? extends SchemaEntry> entries) {
    Set<String> known = new LinkedHashSet<>();
    entries.forEach(entry -> known.add(entry.key()));
    for (String key : node.propertyNames()) {
      if (!known.contains(key)) {
        String hint = key.contains(".") ? "; write nested keys as nested maps, one key per level" : "";
        problems.add(path.child(key), "unknown key (expected one of: " + String.join(", ", known) + ")" + hint);
      }
    }
  }

  private void readOption(Option<?> option) {
    declared.add(option);
    JsonNode value = node.get(option.key());
    KeyPath optionPath = path.child(option.key());
    if (value == null) {
      if (option.required()) {
        problems.add(optionPath, "required");
      } else {
        values.put(option, option.defaultValue());
      }
      return;
    }
    Object read = option.type().read(value, optionPath, problems);
    if (read != null) {
      values.put(option, read);
    }
  }
}
