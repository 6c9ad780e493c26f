package io.raylog.parse;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which Ray component wrote a file, from its path relative to the session's {@code logs/} folder. A table, not
 * branches: the first matching row wins; a file that matches nothing is {@code unknown} and is still shipped.
 * Rotation suffixes ({@code .1} after the extension in Ray ≥ 2.41, before it in older spdlog names) are stripped
 * first. Catalogue: {@code shared/reference/ray-logs.md} §2. Immutable and thread-safe.
 */
public final class RayFileNames {
  public static final String UNKNOWN = "unknown";

  private record Row(Pattern pattern, String component) {}

  private static final Pattern ROTATION_SUFFIX = Pattern.compile("\\.\\d+$");
  private static final Pattern OLD_SPDLOG_ROTATION = Pattern.compile("^(python|java|cpp)-core-.*_\\d+\\.\\d+\\.log$|^event_[A-Z_]+?(_\\d+)?\\.\\d+\\.log$");

  private static final List<Row> ROWS =
      List.of(
          row("(?:events|export_events)/.*", null), // resolved below: event vs export_event
          row("serve/(?:controller)_.*", "serve_controller"),
          row("serve/(?:proxy|http_proxy)_.*", "serve_proxy"),
          row("serve/replica_.*", "serve_replica"),
          row("serve/.*", "serve"),
          row("tpu_logs/.*", "tpu"),
          row("(?:.*/)?(?:python|java|cpp)-core-driver-.*\\.log", "core_driver"),
          row("(?:.*/)?(?:python|java|cpp)-core-(?:spill_worker)-.*\\.log", "spill_worker"),
          row("(?:.*/)?(?:python|java|cpp)-core-(?:restore_worker)-.*\\.log", "restore_worker"),
          row("(?:.*/)?(?:python|java|cpp)-core-.*\\.log", "core_worker"),
          row("(?:.*/)?io_worker-.*\\.(?:out|err)", "io_worker"),
          row("(?:.*/)?worker-.*\\.(?:out|err)", "worker"),
          row("(?:.*/)?java-worker.*\\.log", "worker"),
          row("(?:.*/)?job-driver-.*\\.log", "job_driver"),
          row("(?:.*/)?raylet(?:\\.\\d+)?\\.(?:out|err|log)", "raylet"),
          row("(?:.*/)?gcs_server(?:\\.\\d+)?\\.(?:out|err|log)", "gcs_server"),
          row("(?:.*/)?dashboard_agent(?:\\.\\d+)?\\.(?:out|err|log)", "dashboard_agent"),
          row("(?:.*/)?dashboard_[A-Za-z]+\\.(?:out|err|log)", "dashboard_module"),
          row("(?:.*/)?dashboard(?:\\.\\d+)?\\.(?:out|err|log)", "dashboard"),
          row("(?:.*/)?runtime_env_agent(?:\\.\\d+)?\\.(?:out|err|log)", "runtime_env_agent"),
          row("(?:.*/)?runtime_env_setup-.*\\.log", "runtime_env_setup"),
          row("(?:.*/)?log_monitor(?:\\.\\d+)?\\.(?:out|err|log)", "log_monitor"),
          row("(?:.*/)?monitor(?:\\.\\d+)?\\.(?:out|err|log)", "monitor"),
          row("(?:.*/)?ray_client_server(?:_\\d+)?(?:\\.\\d+)?\\.(?:out|err|log)", "ray_client_server"),
          row("(?:.*/)?debug_state(?:_gcs)?\\.txt", "debug_state"));

  private RayFileNames() {}

  /** The component for a path relative to {@code logs/}, with {@code /} separators. */
  public static String component(String relativePath) {
    String name = stripRotation(relativePath);
    for (Row row : ROWS) {
      if (row.pattern.matcher(name).matches()) {
        if (row.component == null) {
          return name.startsWith("export_events/") ? "export_event" : "event";
        }
        return row.component;
      }
    }
    return UNKNOWN;
  }

  /** The path without a rotation index: {@code raylet.out.1 → raylet.out}, {@code x_12.1.log → x_12.log}. */
  static String stripRotation(String relativePath) {
    int slash = relativePath.lastIndexOf('/');
    String dir = relativePath.substring(0, slash + 1);
    String base = relativePath.substring(slash + 1);
    if (OLD_SPDLOG_ROTATION.matcher(base).matches()) {
      int lastDot = base.lastIndexOf('.');
      int previousDot = base.lastIndexOf('.', lastDot - 1);
      return dir + base.substring(0, previousDot) + base.substring(lastDot);
    }
    if (ROTATION_SUFFIX.matcher(base).find() && base.indexOf('.') < base.lastIndexOf('.')) {
      return dir + ROTATION_SUFFIX.matcher(base).replaceFirst("");
    }
    return relativePath;
  }

  private static Row row(String regex, String component) {
    return new Row(Pattern.compile(regex), component);
  }
}
