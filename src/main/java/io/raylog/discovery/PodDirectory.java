package io.raylog.discovery;

import io.fabric8.kubernetes.api.model.Pod;
import io.raylog.record.PodMetadata;
import io.raylog.tail.TailRoot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ray pods on this node and the roots to tail for them. Pods come and go through {@link #put} and
 * {@link #remove} (from the informer); each change recomputes the roots, which the tailer reads through
 * {@link #roots()}, and is announced to {@code onRootsChanged}. A hostPath directory claimed by several pods is
 * followed for none of them: their sessions collide, and no record could say which pod wrote it. Every unreadable
 * Ray container is logged once, counted by reason and shown on the status page.
 *
 * <p>Thread-safety: mutations are serialized by this object's lock (the informer delivers events on one thread
 * anyway); {@link #roots()}, {@link #status()} read immutable snapshots and may be called from any thread.
 */
public final class PodDirectory {
  private static final Logger log = LoggerFactory.getLogger(PodDirectory.class);

  /** What is known of one pod: its resolution and the metadata of each Ray container. */
  private record Entry(String namespace, String name, PodResolution resolution, Map<String, PodMetadata> metadata) {}

  private final String nodeName;
  private final PodResolver resolver;
  private final PodMetadataReader metadata;
  private final DiscoveryEvents events;
  private final Runnable onRootsChanged;
  private final Map<String, Entry> pods = new HashMap<>();
  private final Set<String> reported = new HashSet<>();
  /** Most hostPath roots of deleted pods remembered; beyond it the oldest are released (read to their end, closed). */
  static final int MAX_DEPARTED = 10_000;

  /**
   * The hostPath Ray temp dirs of deleted pods, oldest first (issue 16): their files stay on the node, so they stay
   * roots, followed with the pod's metadata, until {@link #forgetDeparted} releases them (every file shipped, or
   * retention deleted them). Saved in the state directory, so a restart goes on following them. A directory a pod
   * claims again leaves the list.
   */
  private final LinkedHashMap<Path, DepartedPod> departed = new LinkedHashMap<>();
  private volatile List<DepartedPod> departedRoots = List.of();
  /** Where {@link #departed} is saved; null when it is not (tests). */
  private final DepartedPodsFile departedFile;
  private final LongSupplier millisClock;
  /** Every directory a current Ray pod uses, followed or not (shared hostPaths too). */
  private volatile Set<Path> claimed = Set.of();
  /** Pods deleted while start-up applies the first list; null once it is done. */
  private Set<String> deletedDuringStartUp = new HashSet<>();

  private volatile List<TailRoot> roots = List.of();
  private volatile List<PodStatus> status = List.of();

  public PodDirectory(String nodeName, PodResolver resolver, PodMetadataReader metadata, DiscoveryEvents events,
      Runnable onRootsChanged) {
    this(nodeName, resolver, metadata, events, onRootsChanged, null, System::currentTimeMillis);
  }

  /** @param stateDir where the deleted pods' directories still followed are saved and loaded from; null: nowhere */
  public PodDirectory(String nodeName, PodResolver resolver, PodMetadataReader metadata, DiscoveryEvents events,
      Runnable onRootsChanged, Path stateDir, LongSupplier millisClock) {
    this.nodeName = nodeName;
    this.resolver = resolver;
    this.metadata = metadata;
    this.events = events;
    this.onRootsChanged = onRootsChanged;
    this.millisClock = millisClock;
    this.departedFile = stateDir == null ? null : new DepartedPodsFile(stateDir);
    if (departedFile != null) {
      for (DepartedPod pod : departedFile.load()) {
        departed.put(pod.root().hostDir(), pod);
      }
      departedRoots = List.copyOf(departed.values());
      if (!departed.isEmpty()) {
        log.info("following the hostPath directories of {} Ray pods deleted before this start until every file in "
            + "them is shipped", departed.size());
      }
    }
  }

  /** The roots to tail now. Any thread. */
  public List<TailRoot> roots() {
    return roots;
  }

  /** The Ray pods of the node, by namespace and name. Any thread. */
  public List<PodStatus> status() {
    return status;
  }

  /**
   * A pod was added or changed. Pods of other nodes are ignored (and forgotten, should one be known): the field
   * selector already asks the API server for this node only, and this check keeps that true whatever the server.
   */
  public synchronized void put(Pod pod) {
    String uid = pod.getMetadata().getUid();
    if (!nodeName.equals(pod.getSpec() == null ? null : pod.getSpec().getNodeName())) {
      if (pods.remove(uid) != null) {
        rebuild();
      }
      return;
    }
    PodResolution resolution = resolver.resolve(pod);
    if (!resolution.isRayPod()) {
      if (pods.remove(uid) != null) {
        rebuild();
      }
      return;
    }
    Map<String, PodMetadata> byContainer = new LinkedHashMap<>();
    resolution.roots().forEach(r -> byContainer.computeIfAbsent(r.container(), c -> metadata.read(pod, c)));
    Entry entry = new Entry(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), resolution, byContainer);
    if (!entry.equals(pods.put(uid, entry))) {
      rebuild(); // status-only updates (the pod became Ready) change nothing here and cost nothing
    }
  }

  /**
   * The informer's first list, applied at once rather than through its asynchronous events, so that the first scan
   * knows every pod. A pod whose deletion event already arrived is not brought back.
   */
  public synchronized void putFirstList(List<Pod> list) {
    for (Pod pod : list) {
      if (!deletedDuringStartUp.contains(pod.getMetadata().getUid())) {
        put(pod);
      }
    }
    deletedDuringStartUp = null;
    rebuild(); // the directories of pods deleted before this start are roots even when no pod changed
  }

  /**
   * A pod was deleted: its roots go (the tailer reads their files to the end before closing them), except its hostPath
   * Ray temp dirs, which stay until released (see {@link #departed}).
   */
  public synchronized void remove(Pod pod) {
    String uid = pod.getMetadata().getUid();
    if (deletedDuringStartUp != null) {
      deletedDuringStartUp.add(uid);
    }
    Entry gone = pods.remove(uid);
    if (gone != null) {
      reported.removeIf(key -> key.startsWith(uid + "/"));
      for (PodRootSpec spec : gone.resolution().roots()) {
        TailRoot root = new TailRoot(spec.hostDir(), spec.containerDir(), gone.metadata().get(spec.container()),
            spec.layout());
        // Only a directory followed for this pod: a shared one was followed for no pod (its records could not say
        // whose they are), so its files were never read and are not read now either.
        if (spec.hostPathVolume() && spec.layout() == TailRoot.Layout.RAY_TEMP_DIR && roots.contains(root)) {
          departed.put(spec.hostDir(), new DepartedPod(root, millisClock.getAsLong()));
        }
      }
      while (departed.size() > MAX_DEPARTED) {
        departed.remove(departed.keySet().iterator().next());
      }
      rebuild();
    }
  }

  /** The hostPath Ray temp dirs of deleted Ray pods still followed, oldest first. Any thread. */
  public List<DepartedPod> departedRoots() {
    return departedRoots;
  }

  /** Whether a Ray pod of the node uses {@code dir}, a directory inside it, or one around it. Any thread. */
  public boolean claimed(Path dir) {
    for (Path used : claimed) {
      if (used.startsWith(dir) || dir.startsWith(used)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Releases the directory of a deleted pod: every file in it was shipped (raylog stops following them; they stay on
   * disk), or retention deleted its sessions, or it is gone.
   */
  public synchronized void forgetDeparted(Path hostDir) {
    if (departed.containsKey(hostDir)) {
      departed.remove(hostDir);
      rebuild();
    }
  }

  private void rebuild() {
    Set<Path> used = new HashSet<>();
    pods.values().forEach(p -> p.resolution().roots().forEach(spec -> used.add(spec.hostDir())));
    departed.keySet().removeAll(used); // claimed again (a pod of the same name): not a dead pod's any more
    claimed = Set.copyOf(used);
    List<DepartedPod> nowDeparted = List.copyOf(departed.values());
    if (!nowDeparted.equals(departedRoots) && departedFile != null) {
      departedFile.save(nowDeparted);
    }
    departedRoots = nowDeparted;
    Set<String> sharing = podsSharingHostPaths();
    List<TailRoot> newRoots = new ArrayList<>();
    List<PodStatus> newStatus = new ArrayList<>();
    Map<UnreadableReason, Integer> unreadable = new EnumMap<>(UnreadableReason.class);
    int followed = 0;
    for (Map.Entry<String, Entry> e : pods.entrySet()) {
      String uid = e.getKey();
      Entry pod = e.getValue();
      List<PodProblem> problems = new ArrayList<>(pod.resolution().problems());
      List<String> directories = new ArrayList<>();
      for (PodRootSpec spec : pod.resolution().roots()) {
        if (sharing.contains(uid) && spec.hostPathVolume()) {
          problems.add(new PodProblem(spec.container(), UnreadableReason.SHARED_HOST_PATH,
              "hostPath directory " + spec.hostDir() + " is used by other Ray pods on this node too"));
          continue;
        }
        newRoots.add(new TailRoot(spec.hostDir(), spec.containerDir(), pod.metadata().get(spec.container()),
            spec.layout()));
        directories.add(spec.container() + ": " + spec.hostDir()
            + (spec.layout() == TailRoot.Layout.CONTAINER_LOGS ? " (container log)" : ""));
      }
      for (PodProblem problem : problems) {
        unreadable.merge(problem.reason(), 1, Integer::sum);
        if (reported.add(uid + "/" + problem.container() + "/" + problem.reason())) {
          log.warn("cannot read the Ray logs of pod {}/{}: {}", pod.namespace(), pod.name(), problem.describe());
        }
      }
      if (!directories.isEmpty()) {
        followed++;
      }
      newStatus.add(new PodStatus(pod.namespace(), pod.name(), directories,
          problems.stream().map(PodProblem::describe).toList()));
    }
    for (DepartedPod gone : nowDeparted) {
      if (!claimed(gone.root().hostDir())) { // a directory inside or around a pod's: that pod's to follow
        newRoots.add(gone.root());
      }
    }
    newStatus.sort(Comparator.comparing(PodStatus::namespace).thenComparing(PodStatus::name));
    boolean changed = !newRoots.equals(roots);
    roots = List.copyOf(newRoots);
    status = List.copyOf(newStatus);
    events.pods(followed, unreadable);
    if (changed) {
      onRootsChanged.run();
    }
  }

  /**
   * The pods with a hostPath directory that another pod uses too. A directory inside another pod's is no collision:
   * a root's sessions are its direct {@code session_*} children only.
   */
  private Set<String> podsSharingHostPaths() {
    Map<Path, String> owner = new HashMap<>();
    Set<String> sharing = new HashSet<>();
    for (Map.Entry<String, Entry> e : pods.entrySet()) {
      for (PodRootSpec spec : e.getValue().resolution().roots()) {
        if (spec.layout() != TailRoot.Layout.RAY_TEMP_DIR) {
          continue;
        }
        String other = owner.putIfAbsent(spec.hostDir(), e.getKey());
        if (other != null && !other.equals(e.getKey())) {
          sharing.add(other);
          sharing.add(e.getKey());
        }
      }
    }
    return sharing;
  }
}
