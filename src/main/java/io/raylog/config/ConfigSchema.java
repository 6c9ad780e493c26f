package io.raylog.config;

import static io.raylog.config.ByteSize.GIB;
import static io.raylog.config.ByteSize.KIB;
import static io.raylog.config.ByteSize.MIB;

import io.raylog.config.RaylogConfig.LogFormat;
import io.raylog.config.RaylogConfig.ReadFrom;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Every key of raylog's configuration, with its type, default and meaning. The loader accepts exactly these keys
 * and the reference page is rendered from them; change a key here and both follow. The sinks live in
 * {@link SinkSchema}.
 */
final class ConfigSchema {

  private ConfigSchema() {}

  // discovery

  static final Option<List<Path>> STATIC_ROOTS =
      Option.required(
          "roots",
          new PathListType(),
          "Ray temp dirs (Ray's `--temp-dir`, `/tmp/ray` by default), each holding `session_*` folders. A relative"
              + " path is resolved against raylog's working directory. The directories need not exist yet.");

  static final Option<Duration> STATIC_SCAN_INTERVAL =
      Option.optional(
          "scan_interval",
          DurationType.atLeast(Duration.ofMillis(10)),
          Duration.ofSeconds(60),
          "How often every file under the roots is looked at (one `lstat` per entry): the backstop to filesystem"
              + " events, which report new sessions, new files and growth at once but can miss some (a full event"
              + " queue, some network filesystems, and none at all where inotify is unavailable: there, new files are"
              + " found by this scan only, so lower it). Its cost grows with the number of files: 6-9 ms of CPU per"
              + " 1,000 files on the benchmark machine, 0.3% of a core at 20,000 files every 60 s"
              + " (`raylog_scan_duration_seconds`, docs/benchmark.md).");

  static final Section STATIC =
      Section.optional(
          "static",
          "Fixed directories, for running without Kubernetes: a laptop, a VM cluster, a sidecar.",
          STATIC_ROOTS,
          STATIC_SCAN_INTERVAL);

  // discovery.kubernetes (issue 4)

  static final Option<String> K8S_NODE_NAME =
      Option.required(
          "node_name",
          TextType.word(),
          "The node this raylog runs on; only pods scheduled here are followed. Set it from the downward API"
              + " (`spec.nodeName` into `NODE_NAME`) and write `${NODE_NAME}`.");

  static final Option<Path> K8S_KUBELET_ROOT =
      Option.optional(
          "kubelet_root",
          new PathType(),
          Path.of("/var/lib/kubelet"),
          "Where the kubelet keeps pod directories; emptyDir volumes are read from"
              + " `<kubelet_root>/pods/<uid>/volumes/kubernetes.io~empty-dir/<volume>`. As the host sees it.");

  static final Option<Path> K8S_POD_LOGS_ROOT =
      Option.optional(
          "pod_logs_root",
          new PathType(),
          Path.of("/var/log/pods"),
          "The kubelet's container logs, read for Ray containers that set `RAY_LOG_TO_STDERR=1`. As the host sees"
              + " it.");

  static final Option<String> K8S_HOST_ROOT =
      Option.optional(
          "host_root",
          OptionalTextType.matching("/.*", "an absolute path"),
          "",
          "The prefix under which the host's filesystem is visible to raylog: empty when host directories are"
              + " mounted at the same path in the raylog pod, `/host` when the host's `/` is mounted at `/host`.");

  static final Option<String> K8S_LABEL_SELECTOR =
      Option.optional(
          "label_selector",
          OptionalTextType.matching("\\S.*", "a label selector"),
          "",
          "Follow only pods matching this label selector (e.g. `ray.io/is-ray-node=yes`); empty follows every"
              + " pod on the node that has a Ray container.");

  static final Option<List<String>> K8S_LABELS =
      Option.optional(
          "labels",
          TextListType.matching("[A-Za-z0-9./_-]+\\*?", "a label key, or a prefix ending in `*`"),
          List.of("ray.io/*", "app.kubernetes.io/*"),
          "Pod labels copied into `k8s.labels` of every record: exact keys, or prefixes ending in `*`. `[]` copies"
              + " none.");

  static final Option<List<String>> K8S_ANNOTATIONS =
      Option.optional(
          "annotations",
          TextListType.matching("[A-Za-z0-9./_-]+\\*?", "an annotation key, or a prefix ending in `*`"),
          List.of(),
          "Pod annotations copied into `k8s.annotations` of every record, like `labels`. None by default.");

  static final Option<Duration> K8S_SCAN_INTERVAL =
      Option.optional(
          "scan_interval",
          DurationType.atLeast(Duration.ofMillis(10)),
          Duration.ofSeconds(60),
          "How often every file of every Ray pod of the node is looked at (one `lstat` per file): the backstop to"
              + " filesystem events and pod events, which report new pods, sessions, files and growth at once but can"
              + " miss some (where inotify is unavailable, new files are found by this scan only, so lower it). Its"
              + " cost grows with the number of files: 6-9 ms of CPU per 1,000 files on the benchmark machine, 0.3% of"
              + " a core at 20,000 files every 60 s (`raylog_scan_duration_seconds`, docs/kubernetes.md).");

  static final Section KUBERNETES =
      Section.optional(
          "kubernetes",
          "The Ray pods on this node, found through the Kubernetes API (a watch on pods with"
              + " `spec.nodeName=<node_name>`; RBAC: get, list, watch on pods). Each pod's Ray temp dir is located"
              + " on the host from its volumes, and every record carries the pod's metadata. See"
              + " `docs/kubernetes.md`.",
          K8S_NODE_NAME,
          K8S_KUBELET_ROOT,
          K8S_POD_LOGS_ROOT,
          K8S_HOST_ROOT,
          K8S_LABEL_SELECTOR,
          K8S_LABELS,
          K8S_ANNOTATIONS,
          K8S_SCAN_INTERVAL);

  static final Section DISCOVERY =
      Section.required(
          "discovery",
          "How raylog finds Ray sessions. Required; set exactly one mode below.",
          STATIC,
          KUBERNETES);

  // top level

  static final Option<Path> STATE_DIR =
      Option.optional(
          "state_dir",
          new PathType(),
          Path.of("/var/lib/raylog"),
          "Where checkpoints live: the read offset of every file that all sinks have acknowledged. Keep it across"
              + " restarts (on Kubernetes, a hostPath), or raylog starts over as on its very first start.");

  static final Option<ReadFrom> READ_FROM =
      Option.choice(
          "read_from",
          ReadFrom.BEGINNING,
          "Where to start in files that have no checkpoint, on the very first start (no checkpoint store yet)."
              + " `beginning` ships what is already on disk; `end` ships only what is written from now on.");

  static final Option<Duration> SHUTDOWN_TIMEOUT =
      Option.optional(
          "shutdown_timeout",
          DurationType.atLeast(Duration.ZERO),
          Duration.ofSeconds(10),
          "On SIGTERM raylog stops reading, flushes, waits for acknowledgements and writes checkpoints, all within"
              + " this time. Whatever is not acknowledged by then is read again on the next start. Keep it below"
              + " the pod's `terminationGracePeriodSeconds` (30s by default).");

  // tail

  static final Option<Long> TAIL_MAX_LINE_BYTES =
      Option.optional(
          "max_line_bytes",
          SizeType.between(KIB, GIB),
          MIB,
          "Longer lines are split into pieces of this size, each record flagged `log.split`, so one endless line"
              + " cannot exhaust memory. At most `pipeline.memory_limit`.");

  static final Option<Long> TAIL_READ_CHUNK_BYTES =
      Option.optional(
          "read_chunk_bytes",
          SizeType.between(4 * KIB, 64 * MIB),
          256 * KIB,
          "Bytes read from one file before another file gets its turn, so a busy file cannot starve quiet ones.");

  static final Option<Duration> TAIL_POLL_INTERVAL =
      Option.optional(
          "poll_interval",
          DurationType.atLeast(Duration.ofMillis(1)),
          Duration.ofMillis(250),
          "Longest time between two checks for new data of a file whose directory reports no filesystem events (no"
              + " inotify, or its watch limit reached) or that was deleted and is read to its end. Where events"
              + " arrive, a file is looked at when its directory reports it, and costs nothing while idle.");

  static final Option<Duration> TAIL_PARTIAL_LINE_TIMEOUT =
      Option.optional(
          "partial_line_timeout",
          DurationType.atLeast(Duration.ZERO),
          Duration.ofSeconds(5),
          "A last line without a newline is shipped after this long without more data, so the final words of a"
              + " process that died mid-line are not held back forever.");

  static final Option<Duration> TAIL_DELETED_FILE_GRACE =
      Option.optional(
          "deleted_file_grace",
          DurationType.atLeast(Duration.ZERO),
          Duration.ofSeconds(60),
          "A deleted file is read to its end and closed at the latest this long after its deletion was seen, so"
              + " it stops holding disk space. What no sink has acknowledged is copied into the spool at once"
              + " (`spool.max_bytes`); only a file the spool cannot hold is read through its descriptor this long at"
              + " most, its unread bytes then counted as dropped.");

  static final Option<Integer> TAIL_MAX_OPEN_FILES =
      Option.optional(
          "max_open_files",
          IntegerType.between(1, 1 << 20),
          4096,
          "Most descriptors of log files raylog holds at once: a cap on descriptors, not on files. Any number of"
              + " files is followed; when more are live than this, files read to their end give their descriptor"
              + " to others and are reopened when they grow. Kept below the process's descriptor limit"
              + " (`ulimit -n`) less 256.");

  static final Option<Duration> TAIL_CLOSE_INACTIVE =
      Option.optional(
          "close_inactive",
          DurationType.atLeast(Duration.ofMillis(1)),
          Duration.ofMinutes(5),
          "A file that has had no new data for this long, and is read to its end, releases its descriptor; it keeps"
              + " its identity and offset and is reopened when it grows, is renamed or truncated, with no line lost"
              + " or read twice. A file with unread bytes never releases its descriptor.");

  static final Section TAIL =
      Section.optional(
          "tail",
          "How files are read.",
          TAIL_MAX_LINE_BYTES,
          TAIL_READ_CHUNK_BYTES,
          TAIL_POLL_INTERVAL,
          TAIL_PARTIAL_LINE_TIMEOUT,
          TAIL_DELETED_FILE_GRACE,
          TAIL_MAX_OPEN_FILES,
          TAIL_CLOSE_INACTIVE);

  // pipeline

  static final Option<Integer> BATCH_MAX_RECORDS =
      Option.optional("max_records", IntegerType.atLeast(1), 2048, "Most records in one batch.");

  static final Option<Long> BATCH_MAX_BYTES =
      Option.optional("max_bytes", SizeType.between(KIB, GIB), MIB, "Most bytes of records in one batch.");

  static final Option<Duration> BATCH_LINGER =
      Option.optional(
          "linger",
          DurationType.atLeast(Duration.ZERO),
          Duration.ofMillis(50),
          "Longest time a record waits for its batch to fill. `0` sends every batch at once. The default keeps the"
              + " 99th percentile from a line's write to a file sink under 100 ms at 5,000 lines a second"
              + " (docs/benchmark.md); a longer linger makes fewer, larger requests to network sinks when lines"
              + " trickle.");

  static final Section BATCH =
      Section.optional(
          "batch",
          "Sinks receive records in batches; a batch is sent when it reaches either limit or its linger time.",
          BATCH_MAX_RECORDS,
          BATCH_MAX_BYTES,
          BATCH_LINGER);

  static final Option<Long> PIPELINE_MEMORY_LIMIT =
      Option.optional(
          "memory_limit",
          SizeType.atLeast(MIB),
          16 * MIB,
          "Bytes of records read but not yet acknowledged by every sink. Readers pause above it and resume as"
              + " acknowledgements arrive, so a slow or unreachable sink costs no more memory than this: the files"
              + " are the buffer. At least twice `pipeline.batch.max_bytes`, because a full batch must fit while"
              + " the next one fills.");

  static final Section PIPELINE =
      Section.optional("pipeline", "Between the files and the sinks.", PIPELINE_MEMORY_LIMIT, BATCH);

  // parse

  static final Option<Boolean> PARSE_ENABLED =
      Option.optional(
          "enabled",
          new BooleanType(),
          true,
          "Whether lines are parsed: time, severity, message and fields from each Ray format, multi-line records"
              + " joined, worker markers followed. `false` ships every line as it is, with the time it was read.");

  static final Option<java.time.ZoneId> PARSE_TIMEZONE =
      Option.optional(
          "timezone",
          new ZoneType(),
          java.time.ZoneOffset.UTC,
          "The zone of the times Ray writes in its lines: the Ray container's local time, which carries no zone."
              + " Ray images run in UTC unless `TZ` is set in the container.");

  static final Option<Duration> PARSE_MULTILINE_TIMEOUT =
      Option.optional(
          "multiline_timeout",
          DurationType.atLeast(Duration.ofMillis(1)),
          Duration.ofSeconds(1),
          "A record that further lines may continue (a traceback, a log line followed by a dump) is shipped this"
              + " long after its last line when no line comes to continue it. It is the extra delay of the last"
              + " record of a burst in files whose records can span lines.");

  static final Option<Integer> PARSE_MULTILINE_MAX_LINES =
      Option.optional(
          "multiline_max_lines",
          IntegerType.between(2, 1_000_000),
          1000,
          "Most lines joined into one record. The next line starts a new record, which the rest joins; counted in"
              + " `raylog_multiline_splits_total`.");

  static final Option<Long> PARSE_MULTILINE_MAX_BYTES =
      Option.optional(
          "multiline_max_bytes",
          SizeType.between(KIB, GIB),
          MIB,
          "Most bytes of one joined record, as for `parse.multiline_max_lines`.");

  static final Option<Boolean> PARSE_DROP_TQDM =
      Option.optional(
          "drop_tqdm",
          new BooleanType(),
          true,
          "Whether the progress lines of `ray.experimental.tqdm_ray` (`__ray_tqdm_magic_token__…`) are dropped;"
              + " counted in `raylog_lines_dropped_total{reason=\"tqdm\"}`.");

  static final Section PARSE =
      Section.optional(
          "parse",
          "How Ray's lines become records.",
          PARSE_ENABLED,
          PARSE_TIMEZONE,
          PARSE_MULTILINE_TIMEOUT,
          PARSE_MULTILINE_MAX_LINES,
          PARSE_MULTILINE_MAX_BYTES,
          PARSE_DROP_TQDM);

  // redact (issue 19)

  static final Option<Boolean> REDACT_ENABLED =
      Option.optional(
          "enabled",
          new BooleanType(),
          true,
          "Whether secrets are replaced before any sink sees a record: in the message and in every string field, by"
              + " `[REDACTED:<rule>]`, counted in `raylog_redactions_total{rule}`. The built-in rules (cloud keys,"
              + " tokens, private keys, `password=`-style assignments, passwords in URLs; see"
              + " `docs/how-it-works.md#redaction-secrets-never-leave-the-node`) cost under 10% of throughput"
              + " (docs/benchmark.md).");

  static final Option<List<String>> REDACT_DISABLE =
      Option.optional(
          "disable",
          new ChoiceListType(io.raylog.redact.BuiltinRules.names()),
          List.of(),
          "Built-in rules that do not run, by name.");

  static final Option<List<io.raylog.redact.RedactRule>> REDACT_RULES =
      Option.optional(
          "rules",
          new RedactRulesType(),
          List.of(),
          "Your own rules, run after the built-in ones: `name` (lowercase; the marker says `[REDACTED:<name>]`),"
              + " `pattern` (a Java regular expression), `group` (the capturing group that is the secret, so the rest"
              + " of the match stays; default 0, the whole match), `components` (only files of these Ray components,"
              + " e.g. `[worker, driver]`) and `files` (only files matching one of these globs; a glob without `/` is"
              + " matched against the file's name, one with `/` against `ray.file`). A rule without literal"
              + " prefilter runs its expression on every record in its scope: scope it when you can.");

  static final Section REDACT =
      Section.optional(
          "redact",
          "Secrets never leave the node: what Ray prints of `runtime_env` variables and command lines is redacted"
              + " once per record, on the parse thread, before any sink.",
          REDACT_ENABLED,
          REDACT_DISABLE,
          REDACT_RULES);

  // checkpoint

  static final Option<Duration> CHECKPOINT_INTERVAL =
      Option.optional(
          "interval",
          DurationType.atLeast(Duration.ofMillis(10)),
          Duration.ofSeconds(1),
          "How often the offsets acknowledged since the last time are made durable in `state_dir`: the checkpoint"
              + " journal, appended after every acknowledged batch, is fsynced (the snapshot is rewritten only when"
              + " the journal has outgrown it, and at shutdown). A `kill -9` loses none of them; after a power loss,"
              + " records acknowledged since the last fsync are shipped again: shorter means fewer duplicates and more"
              + " fsyncs. An idle node writes nothing.");

  static final Section CHECKPOINT =
      Section.optional("checkpoint", "How read positions are saved.", CHECKPOINT_INTERVAL);

  // spool

  static final Option<Long> SPOOL_MAX_BYTES =
      Option.optional(
          "max_bytes",
          SizeType.atLeast(0),
          4 * GIB,
          "Disk budget, in `state_dir/spool`, of the copies of deleted files not yet acknowledged by every sink. When"
              + " a followed file is deleted (its pod's emptyDir removed, a session cleaned up) with bytes no sink has"
              + " acknowledged, raylog copies them, from the last acknowledged offset, through the descriptor it"
              + " still holds, closes the descriptor, and ships the copy later with the same source, pod and offsets."
              + " Over the budget the oldest copies are dropped, counted in"
              + " `raylog_dropped_bytes_total{reason=\"spool_full\"}`. `0` turns spooling off: a deleted file is"
              + " then read through its descriptor for `tail.deleted_file_grace` at most.");

  static final Section SPOOL =
      Section.optional("spool", "Copies of deleted files whose lines are not shipped yet.", SPOOL_MAX_BYTES);
  // retention (issue 16)

  static final Option<Boolean> RETENTION_ENABLED =
      Option.optional(
          "enabled",
          new BooleanType(),
          false,
          "Whether raylog deletes Ray log files at all. Nothing is ever deleted unless this is `true`. Only files"
              + " raylog has read to their end and every sink has acknowledged (the checkpoint, not the read offset,"
              + " decides) are deleted, only inside a `session_*` directory under a root raylog discovered, never"
              + " through a symlink, and never a live file (see `docs/how-it-works.md`). Needs write access to the"
              + " Ray roots: the chart and `k8s/daemonset.yaml` mount them read-write only when this is on.");

  static final Option<Boolean> RETENTION_ROTATED_FILES =
      Option.optional(
          "rotated_files",
          new BooleanType(),
          true,
          "Delete rotated backups (`x.log.N`, `x.N.log`) and the files in `logs/old/` once every sink acknowledged"
              + " them (and they are at least `min_age` old).");

  static final Option<Duration> RETENTION_MIN_AGE =
      Option.optional(
          "min_age",
          DurationType.atLeast(Duration.ZERO),
          Duration.ZERO,
          "A rotated backup or `logs/old/` file is deleted only when it was last modified at least this long ago;"
              + " `0s` deletes it as soon as every sink acknowledged it. Does not hold back the `max_bytes` cap.");

  static final Option<Duration> RETENTION_DEAD_POD_GRACE =
      Option.optional(
          "dead_pod_grace",
          DurationType.atLeast(Duration.ZERO),
          Duration.ofMinutes(10),
          "Kubernetes mode, hostPath layout: the `session_*` directories of a Ray pod deleted this long ago are"
              + " deleted, once every log file in them is acknowledged by every sink. (An emptyDir is deleted by the"
              + " kubelet with its pod.)");

  static final Option<Long> RETENTION_MAX_BYTES =
      Option.optional(
          "max_bytes",
          SizeType.any(),
          0L,
          "A cap on the bytes of Ray log files kept on the node, over every root; `0` for none. Above it, the"
              + " oldest (by modification time) fully acknowledged files that no live process writes are deleted"
              + " first: rotated backups, `logs/old/`, files of earlier sessions and of deleted pods. Live files are"
              + " never deleted, so the cap may not be reached; the status page shows why.");

  static final Option<Duration> RETENTION_INTERVAL =
      Option.optional(
          "interval",
          DurationType.atLeast(Duration.ofMillis(10)),
          Duration.ofSeconds(30),
          "How often retention looks for files to delete (one `lstat` per file it may delete, and a listing of each"
              + " root). With retention off, in Kubernetes mode, how often raylog looks whether every file of a deleted"
              + " hostPath pod's directory is shipped, to stop following it.");

  static final Section RETENTION =
      Section.optional(
          "retention",
          "Opt-in deletion of Ray log files that every sink has acknowledged, so that nodes do not fill up. See"
              + " `docs/how-it-works.md` (what is live) and `docs/reliability.md`.",
          RETENTION_ENABLED,
          RETENTION_ROTATED_FILES,
          RETENTION_MIN_AGE,
          RETENTION_DEAD_POD_GRACE,
          RETENTION_MAX_BYTES,
          RETENTION_INTERVAL);

  // server

  static final Option<Boolean> SERVER_ENABLED =
      Option.optional("enabled", new BooleanType(), true, "Whether the HTTP server runs at all.");

  static final Option<String> SERVER_ADDRESS =
      Option.optional(
          "address",
          TextType.word(),
          "0.0.0.0",
          "The address to listen on. `127.0.0.1` keeps the server reachable only from the node itself.");

  static final Option<Integer> SERVER_PORT =
      Option.optional("port", IntegerType.between(0, 65535), 2020, "The TCP port. `0` picks a free port.");

  static final Section SERVER =
      Section.optional(
          "server",
          "The HTTP server for Prometheus metrics and the status page.",
          SERVER_ENABLED,
          SERVER_ADDRESS,
          SERVER_PORT);

  // log

  static final Option<String> LOG_LEVEL =
      Option.optional(
          "level",
          ChoiceType.ofWords("trace", "debug", "info", "warn", "error"),
          "info",
          "The least severe level raylog logs.");

  static final Option<LogFormat> LOG_FORMAT =
      Option.choice(
          "format",
          LogFormat.TEXT,
          "`text` for people; `json` writes one JSON object per line, for log collectors.");

  static final Section LOG =
      Section.optional("log", "raylog's own log, not the Ray logs it ships.", LOG_LEVEL, LOG_FORMAT);

  /** The whole document. Its entries are in the order of {@link RaylogConfig}'s components. */
  static final Section ROOT =
      Section.required(
          "",
          "",
          DISCOVERY,
          STATE_DIR,
          READ_FROM,
          TAIL,
          PARSE,
          REDACT,
          PIPELINE,
          CHECKPOINT,
          SPOOL,
          RETENTION,
          SHUTDOWN_TIMEOUT,
          SinkSchema.SINKS,
          SERVER,
          LOG);
}
