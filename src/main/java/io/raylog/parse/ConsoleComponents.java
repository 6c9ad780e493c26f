package io.raylog.parse;

import io.raylog.record.RayKey;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code (component)} with which RAY_LOG_TO_STDERR=1 output names the Ray process of each line (ray-logs.md
 * §4.3): {@code (raylet)}, {@code (gcs_server)}, {@code (dashboard_agent)}, and for core workers
 * {@code (python-core-worker-<worker id>)}. It becomes the record's {@code ray.component}, in the same vocabulary as
 * the file names give, and the worker id its {@code ray.worker_id}.
 */
final class ConsoleComponents {
  private static final Map<String, String> PROCESSES = Map.ofEntries(
      Map.entry("raylet", "raylet"),
      Map.entry("gcs_server", "gcs_server"),
      Map.entry("dashboard", "dashboard"),
      Map.entry("dashboard_agent", "dashboard_agent"),
      Map.entry("runtime_env_agent", "runtime_env_agent"),
      Map.entry("log_monitor", "log_monitor"),
      Map.entry("monitor", "monitor"),
      Map.entry("autoscaler", "monitor"),
      Map.entry("ray_client_server", "ray_client_server"));
  private static final Pattern CORE = Pattern.compile(
      "(?:python|java|cpp)-core-(driver|worker|util_worker|spill_worker|restore_worker)(?:-([0-9a-f]{56}))?");
  private static final Pattern DASHBOARD_MODULE = Pattern.compile("dashboard_[A-Za-z]+");

  private ConsoleComponents() {}

  /** What a console component name means; {@code workerId} null when it names none. */
  record Resolved(String component, String workerId, boolean known) {}

  /**
   * Sets {@code ray.component} (and the worker id) from the component a console line names. Names repeat from line
   * to line, so what each means is kept in {@code cache} (the parse thread's), bounded because worker ids vary.
   */
  static void apply(byte[] b, int from, int length, ParsedFields fields, java.util.Map<String, Resolved> cache) {
    String name = new String(b, from, length, StandardCharsets.UTF_8);
    Resolved resolved = cache.get(name);
    if (resolved == null) {
      if (cache.size() >= 1024) {
        cache.clear();
      }
      resolved = resolve(name);
      cache.put(name, resolved);
    }
    if (resolved.workerId() != null) {
      fields.string(RayKey.WORKER_ID, resolved.workerId());
    }
    if (!resolved.known()) {
      fields.attribute("console_component", name);
    }
    fields.string(RayKey.COMPONENT, resolved.component());
  }

  static Resolved resolve(String name) {
    String component = PROCESSES.get(name);
    if (component != null) {
      return new Resolved(component, null, true);
    }
    Matcher core = CORE.matcher(name);
    if (core.matches()) {
      component = switch (core.group(1)) {
        case "driver" -> "core_driver";
        case "spill_worker" -> "spill_worker";
        case "restore_worker" -> "restore_worker";
        default -> "core_worker";
      };
      return new Resolved(component, core.group(2), true);
    }
    if (DASHBOARD_MODULE.matcher(name).matches()) {
      return new Resolved("dashboard_module", null, true);
    }
    return new Resolved(RayFileNames.UNKNOWN, null, false);
  }
}
