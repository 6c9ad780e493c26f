package io.raylog.sink.s3;

import io.raylog.record.LogRecord;
import io.raylog.record.RecordFields;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a record's object goes in the bucket: {@code <prefix><layout>/<offset>_<id>.ndjson.gz} (or {@code .zst}),
 * the layout a template of the record's fields. The default,
 * {@code {namespace}/{ray_cluster}/{session}/{pod}/logs/{file}}, follows KubeRay's history server
 * ({@code …/<namespace>/<cluster>/<session>/<node>/logs/<file>}), so that a cluster's logs are found by listing one
 * prefix long after the cluster is gone, and each Ray log file becomes a series of objects named by the file offset
 * and id of their first record, which sort in order.
 *
 * <p>A field that is not known (static discovery has no pod metadata) is {@code unknown}. Pure and immutable.
 */
public final class ObjectLayout {
  public static final String DEFAULT = "{namespace}/{ray_cluster}/{session}/{pod}/logs/{file}";
  static final String UNKNOWN = "unknown";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** The fields a layout may name; {@code session} and {@code file} must appear, so files never share objects. */
  public static final Set<String> FIELDS = Set.of("namespace", "ray_cluster", "session", "pod", "node", "file");

  private final String prefix;
  private final List<Object> parts; // String literals and Field placeholders, in order

  private ObjectLayout(String prefix, List<Object> parts) {
    this.prefix = prefix;
    this.parts = parts;
  }

  /**
   * @param prefix prepended to every key; a {@code /} is added when it does not end with one
   * @throws IllegalArgumentException naming the problem, for a template with an unknown field or without
   *     {@code {session}} and {@code {file}}
   */
  public static ObjectLayout of(String prefix, String template) {
    String problem = problem(template);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    List<Object> parts = new ArrayList<>();
    Matcher matcher = PLACEHOLDER.matcher(template);
    int last = 0;
    while (matcher.find()) {
      if (matcher.start() > last) {
        parts.add(template.substring(last, matcher.start()));
      }
      parts.add(Field.of(matcher.group(1)));
      last = matcher.end();
    }
    if (last < template.length()) {
      parts.add(template.substring(last));
    }
    String normalized = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    return new ObjectLayout(normalized, List.copyOf(parts));
  }

  /** What is wrong with a layout template, or null when it is usable. */
  public static String problem(String template) {
    if (template.startsWith("/") || template.endsWith("/") || template.contains("//")) {
      return "must not start or end with / nor contain //";
    }
    Matcher matcher = PLACEHOLDER.matcher(template);
    boolean session = false;
    boolean file = false;
    while (matcher.find()) {
      String name = matcher.group(1);
      if (!FIELDS.contains(name)) {
        return "unknown field {" + name + "} (expected: " + String.join(", ", List.of("namespace", "ray_cluster",
            "session", "pod", "node", "file")) + ")";
      }
      session |= name.equals("session");
      file |= name.equals("file");
    }
    String rest = PLACEHOLDER.matcher(template).replaceAll("");
    if (rest.contains("{") || rest.contains("}")) {
      return "a field is written {name}, e.g. {session}";
    }
    if (!session || !file) {
      return "must contain {session} and {file}, so that every Ray log file has objects of its own";
    }
    return null;
  }

  /** The key prefix of the objects holding {@code record}: the same for every record of one file. */
  public String directory(LogRecord record) {
    StringBuilder key = new StringBuilder(prefix);
    for (Object part : parts) {
      if (part instanceof Field field) {
        String value = field.read.apply(record);
        key.append(value == null || value.isEmpty() ? UNKNOWN : value);
      } else {
        key.append((String) part);
      }
    }
    return key.toString();
  }

  /**
   * The full key of an object in {@code directory} whose first record is {@code first}: {@code <offset>_<log.id>}
   * (issue 19), the offset zero-padded to 20 digits so that a file's objects sort in order. Both are the same when
   * the same record is sent again after a crash, so an object that starts at the same record replaces the one sent
   * before instead of adding a second; the id tells a file's generations apart (a truncated file starts again at
   * offset 0). A record without an id (none is read from a file without one) keeps the older name,
   * {@code <observed time>_<offset>}. The name ends in {@code .ndjson.gz} or {@code .ndjson.zst}.
   */
  public static String objectKey(String directory, LogRecord first, ObjectCompression compression) {
    String suffix = ".ndjson." + compression.extension();
    String id = first.id();
    if (id != null) {
      return directory + "/" + String.format(java.util.Locale.ROOT, "%020d", first.offset) + "_" + id + suffix;
    }
    return directory + "/" + TIME.format(Instant.ofEpochMilli(RecordFields.observedMillis(first))) + "_"
        + first.offset + suffix;
  }

  private enum Field {
    NAMESPACE(RecordFields::namespace),
    RAY_CLUSTER(RecordFields::rayCluster),
    SESSION(RecordFields::session),
    POD(RecordFields::pod),
    NODE(RecordFields::node),
    FILE(RecordFields::file);

    final Function<LogRecord, String> read;

    Field(Function<LogRecord, String> read) {
      this.read = read;
    }

    static Field of(String name) {
      return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
  }
}
