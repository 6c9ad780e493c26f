package io.raylog.parse;

import io.raylog.record.RayFileName;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which Ray component wrote a file, and the ids its name carries (worker, job, pid, submission), from its path
 * relative to the session's {@code logs/} folder. A table, not branches: the first matching row wins; a file that matches nothing is {@code unknown} and is still shipped.
 * Rotation suffixes ({@code .1} after the extension in Ray ≥ 2.41, before it in older spdlog names) are stripped
 * first. Catalogue: {@code shared/reference/ray-logs.md} §2. Immutable and thread-safe.
 */
public final class RayFileNames {
  public static final String UNKNOWN = RayFileName.UNKNOWN_COMPONENT;

  /** A pattern and the component it means; ids come from its named groups, when it has them. */
  private record Row(Pattern pattern, String component, boolean hasWorker, boolean hasJob, boolean hasPid,
      boolean hasSubmission, boolean hasRestart, boolean hasSource) {}

  /** A path with its rotation index taken off (0 when it had none). */
  record Unrotated(String path, int rotation) {}

  private static final Pattern ROTATION_SUFFIX = Pattern.compile("\\.\\d+$");
  private static final Pattern OLD_SPDLOG_ROTATION = Pattern.compile("^(python|java|cpp)-core-.*_\\d+\\.\\d+\\.log$|^event_[A-Z_]+?(_\\d+)?\\.\\d+\\.log$");
  private static final String NIL_JOB = "ffffffff";
  private static final String DRIVER_SUFFIX = "f".repeat(48);
  private static final String CORE = "(?:.*/)?(?:python|java|cpp)-core-";
  private static final String IDS = "-(?<wid>[0-9a-f]{56})_(?<pid>\\d+)\\.log";

  private static final List<Row> ROWS =
      List.of(
          row("(?:events|export_events)/event_(?<src>[A-Z_]+?)_(?<pid>\\d+)\\.log", null),
          row("(?:events|export_events)/event_(?<src>[A-Z_]+)\\.log", null),
          row("(?:events|export_events)/.*", null), // resolved below: event vs export_event
          row("serve/controller_(?<pid>\\d+)\\.log", "serve_controller"),
          row("serve/controller_.*", "serve_controller"),
          row("serve/(?:proxy|http_proxy)_.*", "serve_proxy"),
          row("serve/replica_.*\\.log", "serve_replica"),
          row("serve/replica_.*", "serve_replica"),
          row("serve/.*", "serve"),
          row("tpu_logs/.*", "tpu"),
          row("ray-data/.*\\.log", "ray_data"), // Ray Data's own log: ray-data.log, ray-data-<dataset>.log
          // Ray Train (v2): ray-train-{app,sys}-{controller,worker}-<worker id>.log, JSON lines
          row("train/ray-train-(?:app|sys)-(?:controller|worker)-(?<wid>[0-9a-f]+)\\.log", "ray_train"),
          row("train/.*\\.log", "ray_train"),
          row(CORE + "driver" + IDS, "core_driver"),
          row(CORE + "driver-.*\\.log", "core_driver"),
          row(CORE + "spill_worker" + IDS, "spill_worker"),
          row(CORE + "spill_worker-.*\\.log", "spill_worker"),
          row(CORE + "restore_worker" + IDS, "restore_worker"),
          row(CORE + "restore_worker-.*\\.log", "restore_worker"),
          row(CORE + "(?:worker|util_worker)" + IDS, "core_worker"),
          row(CORE + ".*\\.log", "core_worker"),
          row("(?:.*/)?io_worker-(?<wid>[0-9a-f]{56})-(?<pid>\\d+)\\.(?:out|err)", "io_worker"),
          row("(?:.*/)?io_worker-.*\\.(?:out|err)", "io_worker"),
          row("(?:.*/)?worker-(?<wid>[0-9a-f]{56})(?:-(?<job>[0-9a-f]{8}))?-(?<pid>\\d+)\\.(?:out|err)", "worker"),
          row("(?:.*/)?worker-.*\\.(?:out|err)", "worker"),
          row("(?:.*/)?java-worker.*\\.log", "worker"),
          row("(?:.*/)?job-driver-(?<sid>.+)\\.log", "job_driver"),
          row("(?:.*/)?raylet(?:\\.(?<restart>\\d+))?\\.(?:out|err|log)", "raylet"),
          row("(?:.*/)?gcs_server(?:\\.(?<restart>\\d+))?\\.(?:out|err|log)", "gcs_server"),
          row("(?:.*/)?dashboard_agent(?:\\.(?<restart>\\d+))?\\.(?:out|err|log)", "dashboard_agent"),
          row("(?:.*/)?dashboard_[A-Za-z]+\\.(?:out|err|log)", "dashboard_module"),
          row("(?:.*/)?dashboard(?:\\.(?<restart>\\d+))?\\.(?:out|err|log)", "dashboard"),
          row("(?:.*/)?runtime_env_agent(?:\\.(?<restart>\\d+))?\\.(?:out|err|log)", "runtime_env_agent"),
          row("(?:.*/)?runtime_env_setup-(?<job>[0-9a-f]{8})\\.log", "runtime_env_setup"),
          row("(?:.*/)?runtime_env_setup-.*\\.log", "runtime_env_setup"),
          row("(?:.*/)?log_monitor(?:\\.(?<restart>\\d+))?\\.(?:out|err|log)", "log_monitor"),
          row("(?:.*/)?monitor(?:\\.(?<restart>\\d+))?\\.(?:out|err|log)", "monitor"),
          row("(?:.*/)?ray_client_server(?:_\\d+)?(?:\\.(?<restart>\\d+))?\\.(?:out|err|log)", "ray_client_server"),
          row("(?:.*/)?debug_state(?:_gcs)?\\.txt", "debug_state"));

  private RayFileNames() {}

  /** The component for a path relative to {@code logs/}, with {@code /} separators. */
  public static String component(String relativePath) {
    return classify(relativePath).component();
  }

  /** What the name of a file (its path relative to {@code logs/}, with {@code /} separators) says. */
  public static RayFileName classify(String relativePath) {
    Unrotated unrotated = unrotate(relativePath);
    String name = unrotated.path();
    for (Row row : ROWS) {
      Matcher m = row.pattern.matcher(name);
      if (m.matches()) {
        String component = row.component != null ? row.component
            : name.startsWith("export_events/") ? "export_event" : "event";
        String worker = row.hasWorker ? m.group("wid") : null;
        String job = row.hasJob ? m.group("job") : null;
        if ("core_driver".equals(component) && worker != null && worker.endsWith(DRIVER_SUFFIX)) {
          job = worker.substring(0, 8); // a driver's worker id is its job id followed by 0xff bytes
        }
        if (NIL_JOB.equals(job)) {
          job = null; // a worker not yet bound to a job
        }
        long pid = row.hasPid ? Long.parseLong(m.group("pid")) : RayFileName.NO_PID;
        String restart = row.hasRestart ? m.group("restart") : null;
        return new RayFileName(component, worker, job, pid, row.hasSubmission ? m.group("sid") : null,
            streamOf(name), restart == null ? 0 : Integer.parseInt(restart), unrotated.rotation(),
            row.hasSource ? m.group("src") : null,
            "serve_replica".equals(component) ? serveReplica(name) : null);
      }
    }
    return new RayFileName(RayFileNames.UNKNOWN, null, null, RayFileName.NO_PID, null, streamOf(name), 0,
        unrotated.rotation(), null, null);
  }

  /** The path without a rotation index: {@code raylet.out.1 → raylet.out}, {@code x_12.1.log → x_12.log}. */
  static String stripRotation(String relativePath) {
    return unrotate(relativePath).path();
  }

  static Unrotated unrotate(String relativePath) {
    int slash = relativePath.lastIndexOf('/');
    String dir = relativePath.substring(0, slash + 1);
    String base = relativePath.substring(slash + 1);
    if (OLD_SPDLOG_ROTATION.matcher(base).matches()) {
      int lastDot = base.lastIndexOf('.');
      int previousDot = base.lastIndexOf('.', lastDot - 1);
      return new Unrotated(dir + base.substring(0, previousDot) + base.substring(lastDot),
          Integer.parseInt(base.substring(previousDot + 1, lastDot)));
    }
    Matcher suffix = ROTATION_SUFFIX.matcher(base);
    if (suffix.find() && base.indexOf('.') < base.lastIndexOf('.')) {
      return new Unrotated(dir + base.substring(0, suffix.start()), Integer.parseInt(base.substring(suffix.start() + 1)));
    }
    return new Unrotated(relativePath, 0);
  }

  /** {@code out}, {@code err} or {@code log} from the extension of a name without rotation index. */
  private static String streamOf(String name) {
    if (name.endsWith(".out")) {
      return "out";
    }
    if (name.endsWith(".err")) {
      return "err";
    }
    return name.endsWith(".log") ? "log" : null;
  }

  /**
   * {@code serve/replica_<app>_<deployment>_<replica>.log}: Serve replaces special characters with {@code _}, so
   * the replica id is the last part, the deployment the one before, and the application all that comes first.
   */
  private static RayFileName.ServeReplica serveReplica(String name) {
    String stem = name.substring(name.lastIndexOf('/') + 1 + "replica_".length(), name.length() - ".log".length());
    int last = stem.lastIndexOf('_');
    int previous = last > 0 ? stem.lastIndexOf('_', last - 1) : -1;
    if (previous <= 0) {
      return null;
    }
    return new RayFileName.ServeReplica(stem.substring(0, previous), stem.substring(previous + 1, last),
        stem.substring(last + 1));
  }

  private static Row row(String regex, String component) {
    return new Row(Pattern.compile(regex), component, regex.contains("(?<wid>"), regex.contains("(?<job>"),
        regex.contains("(?<pid>"), regex.contains("(?<sid>"), regex.contains("(?<restart>"),
        regex.contains("(?<src>"));
  }
}
