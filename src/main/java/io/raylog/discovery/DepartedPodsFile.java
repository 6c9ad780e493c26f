package io.raylog.discovery;

import io.raylog.record.PodMetadata;
import io.raylog.tail.TailRoot;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The deleted pods' directories raylog still follows, in {@code state_dir/departed-pods.json}, so that a restart goes on
 * following them: without it, the lines a deleted hostPath pod wrote and no sink had acknowledged yet would never be
 * shipped after a restart (the pod is no longer listed, so nothing would lead raylog to its directory), and retention
 * would never delete its sessions. Written whole on each change (pods are deleted a few times an hour, not per
 * second), through a temporary file renamed over the old one, so a crash leaves the old list or the new one.
 *
 * <p>Thread-safety: called under {@link PodDirectory}'s lock.
 */
final class DepartedPodsFile {
  private static final Logger log = LoggerFactory.getLogger(DepartedPodsFile.class);
  static final String NAME = "departed-pods.json";
  private static final int VERSION = 1;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private record Saved(int version, List<SavedRoot> departed) {}

  private record SavedRoot(String hostDir, String containerDir, long departedAtMillis, SavedPod pod) {}

  /** The pod metadata the records of the directory's files carry, as discovery read it from the pod. */
  private record SavedPod(String namespace, String pod, String podUid, String node, String container,
      Map<String, String> labels, Map<String, String> annotations, String cluster, String nodeType, String group,
      String ownerKind, String ownerName) {}

  private final Path file;

  DepartedPodsFile(Path stateDir) {
    this.file = stateDir.resolve(NAME);
  }

  /**
   * The directories saved by the last run; none when there is no file. A file that cannot be read is moved aside
   * (kept for a person to look at) and logged: the directories it named are no longer followed, which the log says.
   */
  List<DepartedPod> load() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      log.error("cannot read {}: {}; the directories of Ray pods deleted before this start are not followed", file,
          e.toString());
      return List.of();
    }
    try {
      Saved saved = JSON.readValue(bytes, Saved.class);
      if (saved.version() != VERSION || saved.departed() == null) {
        throw new IllegalArgumentException("expected version " + VERSION + " with a \"departed\" list");
      }
      List<DepartedPod> departed = new ArrayList<>();
      for (SavedRoot root : saved.departed()) {
        departed.add(new DepartedPod(new TailRoot(Path.of(root.hostDir()), root.containerDir(), pod(root.pod()),
            TailRoot.Layout.RAY_TEMP_DIR), root.departedAtMillis()));
      }
      return departed;
    } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
      Path aside = file.resolveSibling(NAME + ".unreadable-" + System.currentTimeMillis());
      log.error("{} is not a list of deleted pods' directories ({}); moved it to {}. The directories of Ray pods "
          + "deleted before this start are not followed: ship or delete what they hold yourself", file, e.getMessage(),
          aside);
      try {
        Files.move(file, aside);
      } catch (IOException moveFailed) {
        log.error("cannot move {} aside: {}", file, moveFailed.toString());
      }
      return List.of();
    }
  }

  /** Replaces the saved list; a failure is logged (the next change writes the whole list again). */
  void save(Collection<DepartedPod> departed) {
    List<SavedRoot> roots = new ArrayList<>();
    for (DepartedPod d : departed) {
      TailRoot root = d.root();
      roots.add(new SavedRoot(root.hostDir().toString(), root.containerDir(), d.departedAtMillis(), saved(root.pod())));
    }
    Path temp = file.resolveSibling(NAME + ".tmp");
    try {
      Files.write(temp, JSON.writeValueAsBytes(new Saved(VERSION, roots)));
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
        directory.force(true); // the rename itself survives a crash of the node
      }
    } catch (AtomicMoveNotSupportedException e) {
      log.error("cannot save {}: the state directory does not support atomic rename", file);
    } catch (IOException | JacksonException e) {
      log.error("cannot save {}: {}; the directories of deleted Ray pods would not be followed after a restart", file,
          e.toString());
    }
  }

  private static SavedPod saved(PodMetadata pod) {
    if (pod == null) {
      return null;
    }
    return new SavedPod(pod.namespace(), pod.pod(), pod.podUid(), pod.node(), pod.container(), pod.labels(),
        pod.annotations(), pod.cluster(), pod.nodeType(), pod.group(), pod.ownerKind(), pod.ownerName());
  }

  private static PodMetadata pod(SavedPod saved) {
    if (saved == null) {
      return null;
    }
    return PodMetadata.of(saved.namespace(), saved.pod(), saved.podUid(), saved.node(), saved.container(),
        saved.labels() == null ? Map.of() : saved.labels(), saved.annotations() == null ? Map.of() : saved.annotations(),
        saved.cluster(), saved.nodeType(), saved.group(), saved.ownerKind(), saved.ownerName());
  }
}
