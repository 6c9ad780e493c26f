package io.raylog.tail;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Filesystem events (inotify on Linux) for the directories raylog follows, so that new data and new files are
 * noticed at once instead of at the next poll. Purely an accelerator: polling alone is correct. When inotify is
 * unavailable or its limits are reached (128 instances and 8192 watches are common node defaults), it logs one
 * warning and stops registering; raylog keeps working by polling.
 *
 * <p>Thread-safety: {@link #watch} may be called from any thread; events are delivered on the watcher's own thread.
 */
public final class DirectoryWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DirectoryWatcher.class);

  /** Called with a directory and whether entries were created or removed in it (not only files modified). */
  private final BiConsumer<Path, Boolean> onEvent;
  private final TailEvents events;
  private final Set<Path> watched = ConcurrentHashMap.newKeySet();
  private volatile WatchService service;
  private volatile boolean degraded;
  private Thread thread;

  public DirectoryWatcher(BiConsumer<Path, Boolean> onEvent, TailEvents events) {
    this.onEvent = onEvent;
    this.events = events;
  }

  public void start() {
    try {
      service = FileSystems.getDefault().newWatchService();
    } catch (IOException | UnsupportedOperationException e) {
      degrade("cannot create a watch service (" + e.getMessage() + "; fs.inotify.max_user_instances?)");
      return;
    }
    thread = new Thread(this::loop, "raylog-watch");
    thread.setDaemon(true);
    thread.start();
  }

  /** Whether events are unavailable and raylog relies on polling alone. */
  public boolean degraded() {
    return degraded;
  }

  /** Whether events of {@code directory} are being received. */
  public boolean watches(Path directory) {
    return watched.contains(directory);
  }

  public void watch(Path directory) {
    WatchService current = service;
    if (degraded || current == null || watched.contains(directory)) {
      return;
    }
    try {
      directory.register(current, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
          StandardWatchEventKinds.ENTRY_MODIFY);
      watched.add(directory);
    } catch (java.nio.file.NoSuchFileException e) {
      // vanished before we got to it
    } catch (IOException e) {
      if (String.valueOf(e.getMessage()).toLowerCase().contains("limit")) {
        degrade("the inotify watch limit is reached (" + e.getMessage() + "; raise fs.inotify.max_user_watches)");
      }
    } catch (ClosedWatchServiceException e) {
      // shutting down
    }
  }

  private void degrade(String reason) {
    if (!degraded) {
      degraded = true;
      log.warn("filesystem events unavailable: {}; polling instead (tail.poll_interval)", reason);
      events.watchDegraded(reason);
    }
  }

  private void loop() {
    try {
      while (true) {
        WatchKey key = service.take();
        Path directory = (Path) key.watchable();
        boolean entriesChanged = false;
        for (WatchEvent<?> event : key.pollEvents()) {
          entriesChanged |= event.kind() != StandardWatchEventKinds.ENTRY_MODIFY;
        }
        onEvent.accept(directory, entriesChanged);
        if (!key.reset()) {
          watched.remove(directory);
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closed
    }
  }

  @Override
  public void close() {
    try {
      if (service != null) {
        service.close();
      }
    } catch (IOException e) {
      // nothing to release beyond the descriptor
    }
  }
}
