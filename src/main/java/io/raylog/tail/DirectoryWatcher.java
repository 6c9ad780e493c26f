package io.raylog.tail;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Filesystem events (inotify on Linux) for the directories raylog follows, naming the entries created, modified or
 * removed, so that new data and new files are noticed at once and an idle file costs nothing. Where events cannot
 * be trusted to name every change, files are polled instead: when inotify is unavailable or its limits are reached
 * (128 instances and 8192 watches are common node defaults) it logs one warning, stops registering, and the
 * directories it could not watch are polled; on systems whose watch service itself polls (not Linux) every file
 * is polled at {@code tail.poll_interval}.
 *
 * <p>Thread-safety: {@link #watch} may be called from any thread; events are delivered on the watcher's own thread.
 */
public final class DirectoryWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DirectoryWatcher.class);

  /** Receives the events of one directory. */
  public interface Listener {
    /** Entries {@code names} (relative to {@code directory}) changed; {@code overflow}: events were lost. */
    void changed(Path directory, List<Path> names, boolean overflow);
  }

  private final Listener onEvent;
  private final TailEvents events;
  private final Set<Path> watched = ConcurrentHashMap.newKeySet();
  private volatile WatchService service;
  private volatile boolean degraded;
  /** Whether the service is the kernel's (inotify), not a poller with a delay of its own. */
  private volatile boolean kernelEvents;
  private Thread thread;

  public DirectoryWatcher(Listener onEvent, TailEvents events) {
    this.onEvent = onEvent;
    this.events = events;
  }

  public void start() {
    try {
      service = FileSystems.getDefault().newWatchService();
      kernelEvents = service.getClass().getName().contains("Linux");
      if (!kernelEvents) {
        log.info("this JVM's watch service polls the filesystem itself ({}); files are checked for new data every"
            + " tail.poll_interval instead", service.getClass().getSimpleName());
      }
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

  /** Whether every change in {@code directory} is reported at once, so that its files need no polling. */
  public boolean reportsChanges(Path directory) {
    return kernelEvents && !degraded && watched.contains(directory);
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
        List<Path> names = new ArrayList<>();
        boolean overflow = false;
        for (WatchEvent<?> event : key.pollEvents()) {
          if (event.kind() == StandardWatchEventKinds.OVERFLOW || !(event.context() instanceof Path name)) {
            overflow = true;
          } else {
            names.add(name);
          }
        }
        onEvent.changed(directory, names, overflow);
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
