import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a deterministic, Ray-like session tree for the benchmark (run it with the source launcher):
 *
 * <pre>java bench/GenerateRayTree.java DIR GIB [short]</pre>
 *
 * It creates {@code DIR/ray/session_2026-11-25_10-00-00_123456_1/logs/} with about 200 files named as Ray names
 * them (shared/reference/ray-logs.md section 2) and fills them with the line formats Ray writes (section 3): C++ spdlog lines
 * with and without the {@code (component)} prefix, Python lines with a TAB after the time, raw worker output with
 * {@code :job_id:}/{@code :actor_name:}/{@code :task_name:} markers, JSON structured lines, C++ and Python event
 * JSON, Serve lines, and multi-line blocks (tracebacks, raylet state dumps, autoscaler status). Lines average about
 * 150 bytes; every file ends with a newline; the total is at least GIB GiB.
 *
 * <p>With {@code short}, the same files hold the short lines that most of a busy node's lines are (about 45 bytes on
 * average): worker {@code print} output, tqdm-style progress bars on the workers' stderr, C++ one-liners with short
 * messages, and the driver's copies of worker prints; the Python, event and Serve files and the multi-line blocks are
 * as in the default tree. CPU goes per line more than per byte, so the two trees show a collector's cost per line
 * apart from its cost per byte. The default tree is the same with or without this argument's code.
 *
 * <p>The output depends only on GIB (and the shape): one fixed seed, and each file draws from its own generator derived from it, so
 * writing the files on several threads changes nothing. It prints one line, {@code files=N lines=N bytes=N
 * continuation_lines=N marker_lines=N}, and writes the same keys to {@code DIR/tree.properties}.
 * {@code continuation_lines} are the lines that continue a multi-line record (they have no header of their own);
 * {@code marker_lines} are Ray's worker markers: a collector that joins multi-line records and follows the markers
 * ships {@code lines - continuation_lines - marker_lines} records, one that does neither ships {@code lines}.
 *
 * <p>The vocabulary is data: each kind of file has a table of line templates, {@code LEVEL|source|message} or a
 * whole line, with {@code {placeholders}} filled from the file's identity and the random generator. This source
 * is pure ASCII (non-ASCII characters are escapes) so that its output does not depend on the platform's encoding.
 */
public final class GenerateRayTree {
  static final long SEED = 0x5EED_2026_1125L;
  static final String VERSION = "4";
  static final String SESSION = "session_2026-11-25_10-00-00_123456_1";
  static final LocalDateTime START = LocalDateTime.of(2026, 11, 25, 10, 0, 0);
  static final String HOST = "raycluster-bench-head-x2k9d";

  public static void main(String[] args) throws Exception {
    if (args.length < 2 || args.length > 3 || (args.length == 3 && !args[2].equals("short"))) {
      System.err.println("usage: java bench/GenerateRayTree.java DIR GIB [short]");
      System.exit(2);
    }
    boolean shortLines = args.length == 3;
    Path dir = Path.of(args[0]);
    double gib = Double.parseDouble(args[1]);
    long targetBytes = (long) Math.ceil(gib * (1L << 30));
    Path tree = dir.resolve("ray");
    Path properties = dir.resolve("tree.properties");
    if (Files.exists(tree)) {
      if (!Files.exists(properties)) {
        throw new IllegalStateException(tree + " exists and was not written by this generator; remove it first");
      }
      deleteRecursively(tree);
    }
    Files.deleteIfExists(properties);
    Path logs = tree.resolve(SESSION).resolve("logs");
    for (String sub : List.of("", "old", "events", "serve")) {
      Files.createDirectories(logs.resolve(sub));
    }

    List<FileSpec> specs = Catalogue.plan(new SplittableRandom(SEED));
    double totalWeight = specs.stream().mapToDouble(FileSpec::weight).sum();
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<long[]>> results = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      FileSpec spec = specs.get(i);
      long fileBytes = (long) Math.ceil(targetBytes * spec.weight() / totalWeight);
      long fileSeed = SEED ^ (0x9E3779B97F4A7C15L * (i + 1));
      results.add(pool.submit(() -> new FileWriter(spec, new SplittableRandom(fileSeed), shortLines).write(logs.resolve(spec.path()), fileBytes)));
    }
    long lines = 0;
    long bytes = 0;
    long continuation = 0;
    long markers = 0;
    for (Future<long[]> result : results) {
      long[] counts = result.get();
      lines += counts[0];
      bytes += counts[1];
      continuation += counts[2];
      markers += counts[3];
    }
    pool.shutdown();
    String summary = String.format(Locale.ROOT, "files=%d lines=%d bytes=%d continuation_lines=%d marker_lines=%d", specs.size(), lines, bytes, continuation, markers);
    Files.writeString(properties, "version=" + VERSION + "\ngib=" + args[1] + "\n" + (shortLines ? "shape=short\n" : "")
        + summary.replace(' ', '\n') + "\n");
    System.out.println(summary);
  }

  static void deleteRecursively(Path path) throws IOException {
    try (var walk = Files.walk(path)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** The kinds of file, each with its own line tables. */
  enum Kind { CPP_CONSOLE, CPP_ERR, CORE_LOG, PY_TAB, MONITOR, WORKER_OUT, WORKER_ERR, JOB_DRIVER, EVENT_CPP, EVENT_PY, SERVE, RUNTIME_ENV_SETUP }

  /** One file: its path under logs/, what it holds, its share of the bytes, and the identity its lines carry. */
  record FileSpec(String path, Kind kind, double weight, String component, int pid, String workerId, String jobId,
      String actor, String[] sources) {}

  /** The ~200 files of one head node's session, with realistic names and relative sizes. */
  static final class Catalogue {
    static final String[] ACTORS = {"Trainer", "DataWorker", "ParameterServer", "RolloutWorker", "Evaluator", "ServeReplica:default:Model"};

    static List<FileSpec> plan(SplittableRandom r) {
      List<FileSpec> files = new ArrayList<>();
      String[] none = {};
      files.add(new FileSpec("raylet.out", Kind.CPP_CONSOLE, 80, "raylet", 75, null, null, null, none));
      files.add(new FileSpec("raylet.err", Kind.CPP_ERR, 1, "raylet", 75, null, null, null, none));
      files.add(new FileSpec("gcs_server.out", Kind.CPP_CONSOLE, 50, "gcs_server", 61, null, null, null, none));
      files.add(new FileSpec("gcs_server.err", Kind.CPP_ERR, 1, "gcs_server", 61, null, null, null, none));
      files.add(new FileSpec("dashboard.log", Kind.PY_TAB, 12, "dashboard", 118, null, null, null,
          new String[] {"head.py", "http_server_head.py", "web_log.py", "state_aggregator.py", "job_head.py"}));
      files.add(new FileSpec("dashboard_ServeHead.log", Kind.PY_TAB, 3, "dashboard", 140, null, null, null, new String[] {"serve_head.py", "utils.py"}));
      files.add(new FileSpec("dashboard_JobHead.log", Kind.PY_TAB, 3, "dashboard", 141, null, null, null, new String[] {"job_head.py", "job_manager.py"}));
      files.add(new FileSpec("dashboard_agent.log", Kind.PY_TAB, 8, "dashboard_agent", 172, null, null, null,
          new String[] {"agent.py", "reporter_agent.py", "event_agent.py", "metrics_agent.py"}));
      files.add(new FileSpec("runtime_env_agent.log", Kind.PY_TAB, 3, "runtime_env_agent", 174, null, null, null,
          new String[] {"runtime_env_agent.py", "uri_cache.py", "packaging.py"}));
      files.add(new FileSpec("log_monitor.log", Kind.PY_TAB, 3, "log_monitor", 120, null, null, null, new String[] {"log_monitor.py"}));
      files.add(new FileSpec("monitor.log", Kind.MONITOR, 8, "monitor", 116, null, null, null,
          new String[] {"monitor.py", "autoscaler.py", "resource_demand_scheduler.py", "node_provider.py"}));
      files.add(new FileSpec("runtime_env_setup-01000000.log", Kind.RUNTIME_ENV_SETUP, 1, "runtime_env_setup", 176, null, "01000000", null,
          new String[] {"pip.py", "working_dir.py"}));
      files.add(new FileSpec("job-driver-raysubmit_RKxecNZCNp4SET5g.log", Kind.JOB_DRIVER, 20, "job_driver", 402, null, "01000000", null,
          new String[] {"worker.py"}));
      files.add(new FileSpec("python-core-driver-01000000" + "ff".repeat(24) + "_402.log", Kind.CORE_LOG, 10, null, 402,
          "01000000" + "ff".repeat(24), "01000000", null, none));
      files.add(new FileSpec("events/event_RAYLET.log", Kind.EVENT_CPP, 5, "RAYLET", 75, null, null, null, none));
      files.add(new FileSpec("events/event_GCS.log", Kind.EVENT_CPP, 4, "GCS", 61, null, null, null, none));
      files.add(new FileSpec("events/event_JOBS.log", Kind.EVENT_PY, 2, "JOBS", 141, null, null, null, none));
      files.add(new FileSpec("events/event_AUTOSCALER.log", Kind.EVENT_PY, 2, "AUTOSCALER", 116, null, null, null, none));
      files.add(new FileSpec("serve/controller_312.log", Kind.SERVE, 4, "controller", 312, null, null, null,
          new String[] {"controller.py", "deployment_state.py", "application_state.py"}));
      files.add(new FileSpec("serve/proxy_10.0.0.11.log", Kind.SERVE, 6, "proxy", 330, null, null, null, new String[] {"proxy.py", "proxy_router.py"}));
      for (String replica : new String[] {"rdofcrh4", "cwnihe65", "k2m9xq7a", "p0t4zz1w"}) {
        files.add(new FileSpec("serve/replica_default_Model_" + replica + ".log", Kind.SERVE, 6, "default_Model", 340 + files.size(), null, null,
            replica, new String[] {"replica.py", "model.py"}));
      }
      // Live workers: each writes its core log (C++), its stdout and its stderr; a few core-worker event files.
      int liveWorkers = 50;
      for (int w = 0; w < liveWorkers; w++) {
        int pid = 1000 + 37 * w + r.nextInt(30);
        String wid = hex(r, 56);
        String job = w < 4 ? null : (w % 9 == 0 ? "02000000" : "01000000");
        String actor = w % 3 == 0 ? ACTORS[w % ACTORS.length] : null;
        String std = job == null ? "worker-" + wid + "-" + pid : "worker-" + wid + "-" + job + "-" + pid;
        String jobOrDefault = job == null ? "01000000" : job;
        double size = 0.5 + r.nextDouble() * 1.5;
        files.add(new FileSpec("python-core-worker-" + wid + "_" + pid + ".log", Kind.CORE_LOG, 5 * size, null, pid, wid, jobOrDefault, actor, none));
        files.add(new FileSpec(std + ".out", Kind.WORKER_OUT, 5 * size, null, pid, wid, jobOrDefault, actor, none));
        files.add(new FileSpec(std + ".err", Kind.WORKER_ERR, 3.5 * size, null, pid, wid, jobOrDefault, actor, none));
        if (w % 13 == 0) {
          files.add(new FileSpec("events/event_CORE_WORKER_" + pid + ".log", Kind.EVENT_CPP, 1, "CORE_WORKER", pid, wid, jobOrDefault, null, none));
        }
      }
      // Dead workers whose stdout/stderr log_monitor moved into old/.
      for (int w = 0; w < 11; w++) {
        int pid = 400 + 13 * w + r.nextInt(10);
        String wid = hex(r, 56);
        String base = "old/worker-" + wid + "-01000000-" + pid;
        files.add(new FileSpec(base + ".out", Kind.WORKER_OUT, 1, null, pid, wid, "01000000", null, none));
        files.add(new FileSpec(base + ".err", Kind.WORKER_ERR, 0.5, null, pid, wid, "01000000", null, none));
      }
      return files;
    }

    static String hex(SplittableRandom r, int digits) {
      StringBuilder s = new StringBuilder(digits);
      for (int i = 0; i < digits; i++) {
        s.append(Character.forDigit(r.nextInt(16), 16));
      }
      return s.toString();
    }
  }

  /** The line tables: {@code LEVEL|source|message} for headed formats, whole lines otherwise. */
  static final class Vocabulary {
    static final Template[] RAYLET = compile(
        "I|node_manager.cc:{n4}|Worker {hex56} is registered with the raylet. worker_type=WORKER job_id={J}",
        "I|worker_pool.cc:{n3}|Started worker process with pid {p5}, the token is {n3}",
        "I|local_lease_manager.cc:{n3}|Granted lease {hex32} to worker {hex56}",
        "I|node_manager.cc:{n4}|Disconnecting worker, graceful=true, disconnect_type=1 worker_id={hex56} job_id={J}",
        "W|node_manager.cc:{n4}|Worker {hex8} has been idle for {n3}s; killing it to free resources",
        "I|object_manager.cc:{n3}|Pulled object {hex40} from {IP} in {ms} ms ({n5} bytes)",
        "I|pull_manager.cc:{n3}|Pull request {n5} activated, {n2} objects, {n5} KiB quota left",
        "I|memory_monitor.cc:{n3}|Node memory usage {n2}.{n2}% ({n5} MiB of 98304 MiB), threshold 0.95",
        "I|accessor.cc:{n3}|Received notification for node, IsAlive = 1 node_id={N}",
        "E|worker_pool.cc:{n3}|Some workers of the worker process({p5}) have not registered within the timeout.",
        "I|dependency_manager.cc:{n3}|Task {hex16} is waiting on {n2} dependencies",
        "I|core_worker_client_pool.cc:{n2}|Connected to worker {hex16} at {IP}:{port}");
    static final Template[] GCS = compile(
        "I|gcs_actor_manager.cc:{n4}|Actor created successfully job_id={J} actor_id={hex32}",
        "I|gcs_actor_scheduler.cc:{n3}|Start leasing worker from node {hex16} for actor {hex32}",
        "I|gcs_placement_group_manager.cc:{n3}|Registering placement group, id = {hex36}, name = pg_{n3}",
        "I|gcs_node_manager.cc:{n3}|Raylet {hex16} reported {n2} resources, load {f}",
        "I|gcs_job_manager.cc:{n3}|Finished marking job state, job id = {J}",
        "W|gcs_worker_manager.cc:{n3}|Reporting worker exit, worker id = {hex56}, exit_type = INTENDED_USER_EXIT",
        "I|gcs_task_manager.cc:{n3}|Dropping {n3} task events, {n5} task events stored, limit 100000",
        "I|gcs_health_check_manager.cc:{n3}|Health check passed for node {hex16} in {ms} ms");
    static final Template[] CPP_ERR = compile(
        "E|core_worker_client_pool.cc:{n2}|Failed to connect to worker {hex16} at {IP}:{port}: UNAVAILABLE: Connection refused",
        "W|metric_exporter.cc:{n3}|Export metrics to agent failed: RpcError: failed to connect to all addresses; retrying in {n2}s",
        "E|node_manager.cc:{n4}|Worker {hex8} died unexpectedly: SIGKILL. Last lines: see worker-{hex8}*.err");
    static final Template[] CORE = compile(
        "I|core_worker_process.cc:{n3}|Constructing CoreWorkerProcess. pid: {P}",
        "I|task_receiver.cc:{n3}|Actor creation task finished, task_id: {hex48}, actor_id: {hex32}",
        "I|core_worker.cc:{n4}|Finished task {hex16} of {task}; {n2} return objects put in plasma",
        "I|actor_task_submitter.cc:{n3}|Connecting to actor {hex32} at worker {hex16}",
        "I|normal_task_submitter.cc:{n3}|Lease granted to {IP}:{port} for task {hex16}, {n2} pending",
        "W|reference_count.cc:{n3}|Object {hex40} is still referenced by {n2} borrowers",
        "I|plasma_store_provider.cc:{n3}|Created object {hex40} of size {n5} bytes",
        "I|task_event_buffer.cc:{n3}|Pushed task state events to GCS. [total_bytes={n5}] [total_num_events={n3}]",
        "E|core_worker.cc:{n4}|Failed to get object {hex40}: ObjectLost: all copies were lost",
        "I|core_worker.cc:{n4}|Initializing worker at address: {IP}:{port} worker_id={W} node_id={N}");
    static final Template[] PY_TAB = compile(
        "INFO|{src}:{n3}|{IP} [25/Nov/2026:10:00:00 +0000] \"GET /api/v0/tasks?limit=100 HTTP/1.1\" 200 {n5} \"-\" \"python-requests/2.31.0\"",
        "INFO|{src}:{n3}|Getting all actor info for job {J}: {n3} actors, {n2} alive, {n2} dead, {n} pending creation, in {ms} ms",
        "INFO|{src}:{n3}|Report {n3} events to the dashboard head, {n5} bytes in {ms} ms",
        "WARNING|{src}:{n3}|Request to /api/jobs/ took {ms} s, longer than the 0.5 s warning threshold",
        "INFO|{src}:{n3}|Got request from raylet to increase reference for URI gcs://_ray_pkg_{hex16}.zip",
        "INFO|{src}:{n3}|Moved {n2} files of dead workers to /tmp/ray/" + SESSION + "/logs/old",
        "INFO|{src}:{n3}|Submitted job raysubmit_{hex16} with entrypoint 'python train.py --epochs {n2} --batch-size {n3}'",
        "DEBUG|{src}:{n3}|Metrics exported: {n4} series, {n2} skipped");
    static final Template[] MONITOR = compile(
        "INFO|{src}:{n3}|Resources requested: {'CPU': {n2}.0, 'GPU': {n}.0}, {n2} pending placement groups",
        "INFO|{src}:{n3}|StandardAutoscaler: {n} nodes of type workergroup pending, {n2} running",
        "INFO|{src}:{n3}|Fetched {n2} nodes from the KubeRay node provider in {ms} ms",
        "INFO|{src}:{n3}|Adding {n} node(s) of type workergroup.");
    static final Template[] SERVE = compile(
        "INFO|{src}:{n4}|Started executing request to method '__call__'.",
        "INFO|{src}:{n4}|__CALL__ OK {ms}ms",
        "INFO|{src}:{n4}|POST /predict 200 {ms}ms",
        "WARNING|{src}:{n4}|Replica queue length {n2} exceeds the target of 2; consider max_ongoing_requests",
        "INFO|{src}:{n3}|Deploying new version of Deployment(name='Model', app='default') (initial target replicas: 4).");
    static final Template[] WORKER_OUT = compile(
        "epoch {n} step {n4}/{n5}: loss={f} acc={f} lr={f} grad_norm={f} throughput={n4}.{n} samples/s elapsed={n3}.{n}s",
        "Processing shard {n2}/100 of s3://ml-datasets/train/part-{n5}.parquet ({n5} rows, {n3} MiB, {n2} row groups)",
        "{'epoch': {n}, 'train_loss': {f}, 'val_loss': {f}, 'val_accuracy': {f}, 'time_this_iter_s': {f}, 'training_iteration': {n2}}",
        "{'loss': {f}, 'grad_norm': {f}, 'learning_rate': {f}, 'epoch': {n}.{n2}, 'step': {n4}, 'tokens_per_second': {n5}.{n}, 'mfu': {f}}",
        "[rank {n}] step {n4}: gradient norm {f} exceeds max_norm=1.0, clipping; loss scale {n5}.0, {n2} steps skipped so far",
        "Map_Batches: {n2}%|" + "\u2588".repeat(7) + "\u258d          | {n3}/1000 [00:{n2}<00:{n2}, {n2}.{n}it/s]",
        "Running 0: {n2}.00/80.0 CPU, {n}.00/8.0 GPU, {n3}.{n}MB/{n2}.0GB object store: : {n5} [00:{n2}<00:00, {n3}.{n2} row/s]",
        "Training finished iteration {n2} at 2026-11-25 10:{n2}:{n2}. Total running time: {n2}min {n2}s; reported metrics to the trainer coordinator",
        "Result(metrics={'accuracy': {f}, 'loss': {f}}, path='/mnt/cluster_storage/TorchTrainer_2026-11-25_10-00-00/TorchTrainer_{hex8}_00000', "
            + "checkpoint=Checkpoint(filesystem=local, path=/mnt/cluster_storage/checkpoint_0000{n}))",
        "Saved checkpoint to /mnt/checkpoints/run-{hex8}/epoch_{n}/step_{n4}.pt ({n3} MiB) in {ms} s");
    static final Template[] WORKER_ERR = compile(
        "{ts}\tINFO worker.py:{n4} -- Task {task} is using {n} CPUs and {n} GPUs on {IP}",
        "{ts}\tWARNING worker.py:{n4} -- Large object of size {n2}.{n} MiB detected in the task closure",
        "INFO:__main__:Loaded checkpoint from /mnt/checkpoints/run-{hex8}/epoch_{n}.pt in {ms}s",
        "/home/ray/anaconda3/lib/python3.10/site-packages/torch/utils/data/dataloader.py:{n3}: UserWarning: "
            + "This DataLoader will create {n2} worker processes in total.",
        "{\"asctime\": \"{ts}\", \"levelname\": \"INFO\", \"message\": \"batch {n4} done in {ms} ms\", \"filename\": \"train.py\", "
            + "\"lineno\": {n3}, \"process\": {P}, \"job_id\": \"{J}\", \"worker_id\": \"{W}\", \"node_id\": \"{N}\", "
            + "\"task_name\": \"{task}\", \"timestamp_ns\": {tsns}}");
    /** The logging line a traceback follows, as {@code logger.exception} writes it: one record with it. */
    static final Template[] TASK_FAILED = compile("{ts}\tERROR worker.py:{n4} -- Task {task} failed with an exception");
    static final Template[] JOB_DRIVER = compile(
        "({task} pid={p5}, ip={IP}) epoch {n} step {n4}/{n5}: loss={f} acc={f} lr={f} grad_norm={f} throughput={n4}.{n} samples/s",
        "({task} pid={p5}, ip={IP}) Processing shard {n2}/100 of s3://ml-datasets/train/part-{n5}.parquet ({n5} rows, {n3} MiB)",
        "({task} pid={p5}, ip={IP}) {'loss': {f}, 'grad_norm': {f}, 'learning_rate': {f}, 'epoch': {n}.{n2}, 'step': {n4}}",
        "(raylet, ip={IP}) A worker died or was killed while executing a task by an unexpected system error. To troubleshoot the problem, "
            + "check the logs for the dead worker.",
        "(autoscaler +{n}m{n2}s) Adding {n} node(s) of type workergroup.",
        "{ts}\tINFO worker.py:{n4} -- Connecting to existing Ray cluster at address: {IP}:6379...",
        "({task} pid={p5}) [repeated {n2}x across cluster] (Ray deduplicates logs by default. Set RAY_DEDUP_LOGS=0 to disable log deduplication)");
    static final Template[] EVENT_CPP = compile(
        "{\"custom_fields\":{\"job_id\":\"{J}\",\"node_id\":\"{N}\"},\"event_id\":\"{hex36}\",\"host_name\":\"" + HOST
            + "\",\"label\":\"RAY_WORKER_EXIT\",\"message\":\"Worker {hex16} exited, exit_type=SYSTEM_ERROR\",\"pid\":\"{P}\","
            + "\"severity\":\"WARNING\",\"source_type\":\"{C}\",\"timestamp\":{tss}}",
        "{\"custom_fields\":{\"node_id\":\"{N}\"},\"event_id\":\"{hex36}\",\"host_name\":\"" + HOST
            + "\",\"label\":\"\",\"message\":\"Actor {hex32} is ALIVE\",\"pid\":\"{P}\",\"severity\":\"INFO\",\"source_type\":\"{C}\",\"timestamp\":{tss}}");
    static final Template[] EVENT_PY = compile(
        "{\"event_id\": \"{hex36}\", \"source_type\": \"{C}\", \"source_hostname\": \"" + HOST + "\", \"source_pid\": {P}, "
            + "\"severity\": \"INFO\", \"label\": \"\", \"message\": \"Resized to {n2} CPUs, {n} GPUs.\", \"timestamp\": \"{tss}\", "
            + "\"custom_fields\": {}}",
        "{\"event_id\": \"{hex36}\", \"source_type\": \"{C}\", \"source_hostname\": \"" + HOST + "\", \"source_pid\": {P}, "
            + "\"severity\": \"INFO\", \"label\": \"\", \"message\": \"Completed a ray job raysubmit_RKxecNZCNp4SET5g with a status SUCCEEDED.\", "
            + "\"timestamp\": \"{tss}\", \"custom_fields\": {\"submission_id\": \"raysubmit_RKxecNZCNp4SET5g\"}}");
    static final Template[] RUNTIME_ENV_SETUP = compile(
        "Collecting torch==2.{n}.0",
        "  Downloading torch-2.{n}.0-cp310-cp310-manylinux1_x86_64.whl ({n3}.{n} MB)",
        "     " + "\u2501".repeat(40) + " {n3}.{n}/{n3}.{n} MB {n2}.{n} MB/s eta 0:00:00",
        "Requirement already satisfied: numpy>=1.2{n} in /home/ray/anaconda3/lib/python3.10/site-packages (1.26.{n})",
        "{ts}\tINFO {src}:{n3} -- Installing python requirements to /tmp/ray/" + SESSION + "/runtime_resources/pip/{hex16}");
    static final Template[] TRACEBACK = compile(
        "Traceback (most recent call last):",
        "  File \"/home/ray/app/train.py\", line {n3}, in {task}",
        "    outputs = model(inputs)",
        "  File \"/home/ray/anaconda3/lib/python3.10/site-packages/torch/nn/modules/module.py\", line 1518, in _wrapped_call_impl",
        "    return self._call_impl(*args, **kwargs)",
        "  File \"/home/ray/app/model.py\", line {n2}, in forward",
        "    x = self.proj(x).view(batch, -1, self.heads, self.dim)",
        "RuntimeError: shape '[32, -1, 8, 64]' is invalid for input of size {n5}");
    static final Template[] STATE_DUMP = compile(
        "[state-dump] Node ID: {N}",
        "[state-dump] Node name: {IP}",
        "[state-dump] InitialConfigResources: {node:__internal_head__: 10000, CPU: 80000, memory: 3435973836800000}",
        "[state-dump] ClusterTaskManager:",
        "[state-dump] ========== Node: {hex16} =================",
        "[state-dump] Infeasible queue length: 0",
        "[state-dump] Schedule queue length: {n}",
        "[state-dump] Dispatch queue length: {n2}",
        "[state-dump] num_waiting_for_resource: {n}",
        "[state-dump] num_tasks_waiting_for_workers: {n}",
        "[state-dump] Event stats:",
        "[state-dump] Global stats: {n5} total ({n2} active)",
        "[state-dump] Queueing time: mean = {ms} ms, max = {n3}.{n2} ms, min = 0.{n3} us, total = {n4}.{n2} s",
        "[state-dump] NodeManagerService.grpc_server.RequestWorkerLease - {n4} total (0 active), Execution time: mean = {ms} us");
    static final Template[] AUTOSCALER_STATUS = compile(
        "======== Autoscaler status: 2026-11-25 10:{n2}:{n2}.{n5} ========",
        "Node status",
        "---------------------------------------------------------------",
        "Active:",
        " 1 headgroup",
        " {n} workergroup",
        "Pending:",
        " (no pending nodes)",
        "Recent failures:",
        " (no failures)",
        "Resources",
        "---------------------------------------------------------------",
        "Usage:",
        " {n2}.0/80.0 CPU",
        " 0B/{n2}.{n2}GiB memory",
        " {n3}.{n2}MiB/{n2}.{n2}GiB object_store_memory");

    static Template[] compile(String... lines) {
      Template[] templates = new Template[lines.length];
      for (int i = 0; i < lines.length; i++) {
        templates[i] = Template.parse(lines[i]);
      }
      return templates;
    }
  }

  /**
   * The short-lines tree's tables: what a busy node writes most lines of, and shortest. The C++ header alone is 55 to
   * 65 bytes, so the worker prints and progress bars, three quarters of the bytes as in the default tree, bring the
   * average to about 45.
   */
  static final class ShortVocabulary {
    /** raylet and gcs_server (and their .err): spdlog one-liners with a short message. */
    static final Template[] CPP = Vocabulary.compile(
        "I|node_manager.cc:{n4}|Worker {hex8} registered",
        "I|worker_pool.cc:{n3}|Started worker {p5}",
        "I|local_lease_manager.cc:{n3}|Lease granted",
        "I|object_manager.cc:{n3}|Pulled {n2} objects",
        "W|node_manager.cc:{n4}|Worker {p5} idle",
        "I|gcs_actor_manager.cc:{n4}|Actor {hex8} ALIVE",
        "I|accessor.cc:{n3}|Node {hex8} alive");
    /** python-core-worker/driver logs: C++ one-liners without the component. */
    static final Template[] CORE = Vocabulary.compile(
        "I|core_worker.cc:{n4}|Task {hex8} done",
        "I|core_worker.cc:{n4}|Exiting worker",
        "I|task_receiver.cc:{n3}|Actor created",
        "I|normal_task_submitter.cc:{n3}|Lease granted",
        "W|reference_count.cc:{n3}|Object {hex8} spilled",
        "I|plasma_store_provider.cc:{n3}|Put {n5} bytes");
    /** Worker stdout: what print() writes in a training or data loop. */
    static final Template[] PRINT = Vocabulary.compile(
        "step {n3} loss {f} lr {f}",
        "epoch {n} acc {f} val_acc {f}",
        "Hello from task {n3} on {IP}",
        "processed {n4} rows in {n}.{n2}s",
        "{'loss': {f}, 'step': {n4}}",
        "done in {n}.{n2}s",
        "batch {n3}/{n4} shape=(32, 64)",
        "x = {n5}",
        "tokens/s {n5}.{n}",
        "Epoch {n} | loss {f} | acc {f}");
    /** Worker stderr: tqdm bars (each refresh a line in a file) and the odd short warning. */
    static final Template[] PROGRESS = Vocabulary.compile(
        "{n2}%|" + "\u2588".repeat(4) + "      | {n2}/100 [00:{n2}<00:{n2}, {n}.{n2}it/s]",
        " {n}%|" + "\u258d" + "         | {n}/100 [00:0{n}<00:{n2}]",
        "Epoch {n}: {n2}%|" + "\u2588".repeat(6) + "    | {n3}/1000",
        "100%|" + "\u2588".repeat(10) + "| 10/10 [00:0{n}<00:00]",
        "WARNING: retrying in {n}s");
    /** The job driver: worker prints as Ray copies them, with the task and pid. */
    static final Template[] DRIVER = Vocabulary.compile(
        "(Trainer pid={p5}) step {n3} loss {f}",
        "(process_batch pid={p5}) done in {n}.{n2}s",
        "(DataWorker pid={p5}) batch {n3}/{n4}");
  }

  /** A line template: literal bytes and placeholders, parsed once. Immutable. */
  record Template(String level, Object[] source, Object[] message) {
    static Template parse(String text) {
      String[] parts = text.split("\\|", 3);
      if (parts.length == 3 && parts[0].matches("[A-Z]+") && !text.startsWith("{")) {
        return new Template(parts[0], pieces(parts[1]), pieces(parts[2]));
      }
      return new Template(null, null, pieces(text));
    }

    /** Literal runs become byte[]; {name} becomes the String name. A '{' not followed by a known name is literal. */
    static Object[] pieces(String text) {
      List<Object> out = new ArrayList<>();
      StringBuilder literal = new StringBuilder();
      int i = 0;
      while (i < text.length()) {
        int close = text.indexOf('}', i);
        if (text.charAt(i) == '{' && close > i && FileWriter.PLACEHOLDERS.contains(text.substring(i + 1, close))) {
          if (literal.length() > 0) {
            out.add(literal.toString().getBytes(StandardCharsets.UTF_8));
            literal.setLength(0);
          }
          out.add(text.substring(i + 1, close));
          i = close + 1;
        } else {
          literal.append(text.charAt(i++));
        }
      }
      if (literal.length() > 0) {
        out.add(literal.toString().getBytes(StandardCharsets.UTF_8));
      }
      return out.toArray();
    }
  }

  /** Writes one file up to its byte target. Confined to one thread. */
  static final class FileWriter {
    static final java.util.Set<String> PLACEHOLDERS = java.util.Set.of("W", "N", "J", "P", "C", "IP", "port", "src", "task",
        "ts", "tsns", "tss", "hex8", "hex16", "hex32", "hex36", "hex40", "hex48", "hex56", "n", "n2", "n3", "n4", "n5", "p5", "f", "ms");
    static final String NODE_ID = "3a1ff6d2c5e24b0f8c2d9a6b1e7f40c3d8a5b2e9f6c1d4a7b0e3f6c9";
    static final String[] TASKS = {"process_batch", "Trainer.train_epoch", "preprocess", "DataWorker.load_shard", "evaluate", "RolloutWorker.sample"};
    static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final long START_EPOCH_MILLIS = START.toEpochSecond(ZoneOffset.UTC) * 1000;

    final FileSpec spec;
    final SplittableRandom r;
    final boolean shortLines;
    final byte[] buf = new byte[1 << 20];
    int len;
    long written;
    long lines;
    long continuation;
    long markers;
    long clockMillis;
    long cachedSecond = -1;
    final byte[] secondText = new byte[19];
    OutputStream out;

    FileWriter(FileSpec spec, SplittableRandom r, boolean shortLines) {
      this.spec = spec;
      this.r = r;
      this.shortLines = shortLines;
      this.clockMillis = START_EPOCH_MILLIS + r.nextInt(5000);
    }

    /** Returns {lines, bytes, continuation lines, marker lines}. */
    long[] write(Path path, long targetBytes) {
      try (OutputStream stream = Files.newOutputStream(path)) {
        out = stream;
        prologue();
        while (written + len < targetBytes) {
          clockMillis += r.nextInt(20);
          record();
        }
        flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new long[] {lines, written, continuation, markers};
    }

    void prologue() {
      if (spec.kind() == Kind.WORKER_OUT || spec.kind() == Kind.WORKER_ERR) {
        raw(":job_id:" + spec.jobId());
        if (spec.actor() != null) {
          raw(":actor_name:" + spec.actor());
        }
      }
    }

    /** One record: usually one line, sometimes a multi-line block. */
    void record() {
      int roll = r.nextInt(1000);
      switch (spec.kind()) {
        case CPP_CONSOLE -> {
          if (spec.component().equals("raylet") && roll < 2) {
            cpp(Template.parse("I|node_manager.cc:656|[state-dump] NodeManager:"));
            block(Vocabulary.STATE_DUMP);
          } else {
            cpp(pick(shortLines ? ShortVocabulary.CPP : spec.component().equals("raylet") ? Vocabulary.RAYLET : Vocabulary.GCS));
          }
        }
        case CPP_ERR -> cpp(pick(shortLines ? ShortVocabulary.CPP : Vocabulary.CPP_ERR));
        case CORE_LOG -> cpp(pick(shortLines ? ShortVocabulary.CORE : Vocabulary.CORE));
        case PY_TAB -> {
          python(pick(Vocabulary.PY_TAB));
          if (roll < 2) {
            python(Template.parse("ERROR|{src}:{n3}|Failed to handle the request: RuntimeError"));
            block(Vocabulary.TRACEBACK);
          }
        }
        case MONITOR -> {
          if (roll < 8) {
            python(Template.parse("INFO|autoscaler.py:{n3}|"));
            block(Vocabulary.AUTOSCALER_STATUS);
          } else {
            python(pick(Vocabulary.MONITOR));
          }
        }
        case WORKER_OUT -> {
          if (spec.actor() == null && roll < 4) {
            raw(":task_name:" + TASKS[r.nextInt(TASKS.length)]);
          }
          line(pick(shortLines ? ShortVocabulary.PRINT : Vocabulary.WORKER_OUT).message());
        }
        case WORKER_ERR -> {
          if (spec.actor() == null && roll < 4) {
            raw(":task_name:" + TASKS[r.nextInt(TASKS.length)]);
          }
          if (roll >= 996) {
            line(Vocabulary.TASK_FAILED[0].message());
            block(Vocabulary.TRACEBACK);
          } else {
            line(pick(shortLines ? ShortVocabulary.PROGRESS : Vocabulary.WORKER_ERR).message());
          }
        }
        case JOB_DRIVER -> line(pick(shortLines ? ShortVocabulary.DRIVER : Vocabulary.JOB_DRIVER).message());
        case EVENT_CPP -> line(pick(Vocabulary.EVENT_CPP).message());
        case EVENT_PY -> line(pick(Vocabulary.EVENT_PY).message());
        case SERVE -> serve(pick(Vocabulary.SERVE));
        case RUNTIME_ENV_SETUP -> line(pick(Vocabulary.RUNTIME_ENV_SETUP).message());
      }
    }

    Template pick(Template[] table) {
      return table[r.nextInt(table.length)];
    }

    /** Lines that continue the record just written: no header of their own. */
    void block(Template[] lines) {
      for (Template t : lines) {
        line(t.message());
        continuation++;
      }
    }

    /** {@code [2026-11-25 10:00:00,123 I 75 75] (raylet) node_manager.cc:123: message}; no component in core logs. */
    void cpp(Template t) {
      put((byte) '[');
      timestamp();
      put((byte) ' ');
      put(t.level().getBytes(StandardCharsets.US_ASCII));
      put((byte) ' ');
      number(spec.pid());
      put((byte) ' ');
      number(r.nextInt(4) == 0 ? spec.pid() : spec.pid() + 1 + r.nextInt(40));
      put((byte) ']');
      put((byte) ' ');
      if (spec.kind() != Kind.CORE_LOG) {
        put((byte) '(');
        put(spec.component().getBytes(StandardCharsets.US_ASCII));
        put((byte) ')');
        put((byte) ' ');
      }
      pieces(t.source());
      put((byte) ':');
      put((byte) ' ');
      line(t.message());
    }

    /** {@code 2026-11-25 10:00:00,123<TAB>INFO head.py:123 -- message}. */
    void python(Template t) {
      timestamp();
      put((byte) '\t');
      put(t.level().getBytes(StandardCharsets.US_ASCII));
      put((byte) ' ');
      pieces(t.source());
      put(" -- ".getBytes(StandardCharsets.US_ASCII));
      line(t.message());
    }

    /** {@code INFO 2026-11-25 10:00:05,233 default_Model rdofcrh4 <request id> -- replica.py:1068 - message}. */
    void serve(Template t) {
      put(t.level().getBytes(StandardCharsets.US_ASCII));
      put((byte) ' ');
      timestamp();
      put((byte) ' ');
      put(spec.component().getBytes(StandardCharsets.US_ASCII));
      put((byte) ' ');
      put((spec.actor() == null ? String.valueOf(spec.pid()) : spec.actor()).getBytes(StandardCharsets.US_ASCII));
      put((byte) ' ');
      uuid();
      put(" -- ".getBytes(StandardCharsets.US_ASCII));
      pieces(t.source());
      put(" - ".getBytes(StandardCharsets.US_ASCII));
      line(t.message());
    }

    /** A line written as it is: a worker marker, which a Ray-aware collector does not ship. */
    void raw(String text) {
      markers++;
      put(text.getBytes(StandardCharsets.UTF_8));
      endLine();
    }

    void line(Object[] message) {
      pieces(message);
      endLine();
    }

    void endLine() {
      put((byte) '\n');
      lines++;
      if (len > buf.length - 8192) {
        flush();
      }
    }

    void pieces(Object[] pieces) {
      for (Object piece : pieces) {
        if (piece instanceof byte[] literal) {
          put(literal);
        } else {
          placeholder((String) piece);
        }
      }
    }

    void placeholder(String name) {
      switch (name) {
        case "W" -> put(ascii(spec.workerId() == null ? NODE_ID : spec.workerId()));
        case "N" -> put(ascii(NODE_ID));
        case "J" -> put(ascii(spec.jobId() == null ? "01000000" : spec.jobId()));
        case "P" -> number(spec.pid());
        case "C" -> put(ascii(spec.component()));
        case "IP" -> { put(ascii("10.0.")); number(r.nextInt(4)); put((byte) '.'); number(2 + r.nextInt(200)); }
        case "port" -> number(10002 + r.nextInt(20000));
        case "src" -> put(ascii(spec.sources()[r.nextInt(spec.sources().length)]));
        case "task" -> put(ascii(TASKS[r.nextInt(TASKS.length)]));
        case "ts" -> timestamp();
        case "tsns" -> { number(clockMillis); put(ascii("000000")); }
        case "tss" -> number(clockMillis / 1000);
        case "hex8" -> hex(8);
        case "hex16" -> hex(16);
        case "hex32" -> hex(32);
        case "hex36" -> hex(36);
        case "hex40" -> hex(40);
        case "hex48" -> hex(48);
        case "hex56" -> hex(56);
        case "n" -> number(r.nextInt(10));
        case "n2" -> number(r.nextInt(100));
        case "n3" -> number(r.nextInt(1000));
        case "n4" -> number(r.nextInt(10000));
        case "n5" -> number(r.nextInt(100000));
        case "p5" -> number(1000 + r.nextInt(90000));
        case "f" -> { put(ascii("0.")); fixed(r.nextInt(10000), 4); }
        case "ms" -> { number(r.nextInt(1000)); put((byte) '.'); fixed(r.nextInt(1000), 3); }
        default -> throw new IllegalArgumentException(name);
      }
    }

    static byte[] ascii(String s) {
      return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code 2026-11-25 10:00:00,123}: local time as Ray writes it, no zone; the date part is cached per second. */
    void timestamp() {
      long second = clockMillis / 1000;
      if (second != cachedSecond) {
        cachedSecond = second;
        LocalDateTime t = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
        byte[] text = String.format(Locale.ROOT, "%04d-%02d-%02d %02d:%02d:%02d", t.getYear(), t.getMonthValue(),
            t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond()).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, secondText, 0, 19);
      }
      put(secondText);
      put((byte) ',');
      fixed((int) (clockMillis % 1000), 3);
    }

    void uuid() {
      hex(8);
      put((byte) '-');
      hex(4);
      put((byte) '-');
      hex(4);
      put((byte) '-');
      hex(4);
      put((byte) '-');
      hex(12);
    }

    void hex(int digits) {
      for (int i = 0; i < digits; i += 16) {
        long bits = r.nextLong();
        for (int j = 0; j < 16 && i + j < digits; j++) {
          buf[len++] = HEX[(int) (bits >>> (4 * j)) & 15];
        }
      }
    }

    void number(long value) {
      if (value == 0) {
        buf[len++] = '0';
        return;
      }
      int start = len;
      while (value > 0) {
        buf[len++] = (byte) ('0' + value % 10);
        value /= 10;
      }
      for (int i = start, j = len - 1; i < j; i++, j--) {
        byte b = buf[i];
        buf[i] = buf[j];
        buf[j] = b;
      }
    }

    void fixed(int value, int digits) {
      for (int i = digits - 1; i >= 0; i--) {
        buf[len + i] = (byte) ('0' + value % 10);
        value /= 10;
      }
      len += digits;
    }

    void put(byte b) {
      buf[len++] = b;
    }

    void put(byte[] bytes) {
      System.arraycopy(bytes, 0, buf, len, bytes.length);
      len += bytes.length;
    }

    void flush() {
      try {
        out.write(buf, 0, len);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      written += len;
      len = 0;
    }
  }
}
