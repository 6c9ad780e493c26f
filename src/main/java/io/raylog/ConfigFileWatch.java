package io.raylog;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says when the configuration file's directory changes, by the kernel's filesystem events (inotify): an edit of the
 * file, or a ConfigMap update, which the kubelet makes by swapping the {@code ..data} symlink beside it. The file is
 * then checked at once, and an idle node need not read it every few seconds to notice. Not every change is seen (a
 * file mounted with {@code subPath}, or a bind mount of the file itself, changes without an event in the directory),
 * so the reloader still compares the file's content, rarely. Only events for the file, for the kubelet's {@code ..}
 * entries or lost events ask for a comparison; the kernel still wakes the JVM's watch thread for every change in the
 * directory, so the file is best kept in a directory of its own, as the image's {@code /etc/raylog} and a ConfigMap
 * volume are.
 *
 * <p>Thread-safety: {@code onChange} runs on the watch's own thread; {@link #close} from any thread.
 */
final class ConfigFileWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConfigFileWatch.class);

  private final WatchService service;
  private final String fileName;
  private final Thread thread;
  private volatile boolean watching = true;

  private ConfigFileWatch(WatchService service, String fileName, Runnable onChange) {
    this.service = service;
    this.fileName = fileName;
    this.thread = new Thread(() -> run(onChange), "raylog-config-watch");
    thread.setDaemon(true);
  }

  /**
   * Watches {@code file}'s directory; null when the kernel cannot (no inotify, its limits reached) or the JVM's watch
   * service is a poller of its own: the caller then checks the file often instead.
   */
  static ConfigFileWatch start(Path file, Runnable onChange) {
    Path directory = file.toAbsolutePath().getParent();
    WatchService service = null;
    try {
      service = directory.getFileSystem().newWatchService();
      if (!service.getClass().getName().contains("Linux")) {
        service.close(); // a poller: no better than the reloader's own check
        return null;
      }
      directory.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
          StandardWatchEventKinds.ENTRY_DELETE);
    } catch (IOException | UnsupportedOperationException e) {
      log.info("cannot watch {} for changes to the configuration ({}); it is checked every few seconds instead",
          directory, e.toString());
      closeQuietly(service);
      return null;
    }
    ConfigFileWatch watch = new ConfigFileWatch(service, file.getFileName().toString(), onChange);
    watch.thread.start();
    return watch;
  }

  private void run(Runnable onChange) {
    try {
      while (true) {
        WatchKey key = service.take();
        if (concernsConfiguration(key.pollEvents())) {
          onChange.run();
        }
        if (!key.reset()) {
          log.warn("the configuration's directory can no longer be watched (removed?); it is checked every few"
              + " seconds instead");
          watching = false;
          onChange.run();
          return;
        }
      }
    } catch (ClosedWatchServiceException e) {
      // closed: the end
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Whether events of the directory may have changed the file: an event for the file itself (an edit, a rename into
   * place), for an entry whose name starts with {@code ..} (the kubelet's {@code ..data} symlink and the timestamped
   * directories behind it, how a ConfigMap volume changes), or lost events. The other entries of a shared directory (a
   * file sink writing beside the configuration) change often and never change the configuration: a comparison of the
   * file for each of their writes would cost the reloader's thread CPU for nothing.
   */
  private boolean concernsConfiguration(List<WatchEvent<?>> events) {
    for (WatchEvent<?> event : events) {
      if (event.kind() == StandardWatchEventKinds.OVERFLOW || !(event.context() instanceof Path entry)) {
        return true;
      }
      String name = entry.toString();
      if (name.equals(fileName) || name.startsWith("..")) {
        return true;
      }
    }
    return false;
  }

  /** False once the directory can no longer be watched: changes then come without an event. */
  boolean watching() {
    return watching;
  }

  @Override
  public void close() {
    closeQuietly(service);
  }

  private static void closeQuietly(WatchService service) {
    if (service == null) {
      return;
    }
    try {
      service.close();
    } catch (IOException e) {
      // nothing to do: the thread ends with the process
    }
  }
}
