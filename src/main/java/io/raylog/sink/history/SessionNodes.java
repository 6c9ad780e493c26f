package io.raylog.sink.history;

import io.raylog.record.PodMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node id of each session's {@code logs/} directory (one pod's Ray node in one session), from its
 * {@code raylet.out} ({@link NodeIds}). Until the raylet has written it, the session's files wait (their sends are
 * not answered, so their checkpoints do not pass them). A session whose {@code raylet.out} gives no id within
 * {@code node_id_wait} (no raylet in that container, or the raylet logs to stderr) is filed under the pod's name
 * instead, which the History Server lists as a node like any other. Once chosen, a session's node stays. Confined
 * to the history sink's thread.
 */
final class SessionNodes {
  private static final Logger log = LoggerFactory.getLogger(SessionNodes.class);
  private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private final long waitNanos;
  private final LongSupplier nanoTime;
  private final Map<Path, Session> sessions = new HashMap<>();

  private static final class Session {
    final long firstSeenNanos;
    long lastTriedNanos = Long.MIN_VALUE;
    String node;

    Session(long firstSeenNanos) {
      this.firstSeenNanos = firstSeenNanos;
    }
  }

  SessionNodes(long waitNanos, LongSupplier nanoTime) {
    this.waitNanos = waitNanos;
    this.nanoTime = nanoTime;
  }

  /** The node id of the session whose {@code logs/} is {@code logsDir}; null while it is not known yet. */
  String nodeId(Path logsDir, PodMetadata pod) {
    long now = nanoTime.getAsLong();
    Session session = sessions.computeIfAbsent(logsDir, dir -> new Session(now));
    if (session.node != null) {
      return session.node;
    }
    if (session.lastTriedNanos != Long.MIN_VALUE && now - session.lastTriedNanos < RETRY_NANOS) {
      return null;
    }
    session.lastTriedNanos = now;
    session.node = read(logsDir.resolve("raylet.out"));
    if (session.node == null && now - session.firstSeenNanos >= waitNanos) {
      session.node = pod != null ? pod.pod() : "unknown";
      log.warn("{}: no Ray node id in raylet.out after {} s; its files go under the node name {}", logsDir,
          TimeUnit.NANOSECONDS.toSeconds(waitNanos), session.node);
    }
    return session.node;
  }

  private static String read(Path raylet) {
    byte[] head = new byte[NodeIds.HEAD_BYTES];
    int length = 0;
    try (InputStream in = Files.newInputStream(raylet, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      int read;
      while (length < head.length && (read = in.read(head, length, head.length - length)) > 0) {
        length += read;
      }
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      log.debug("cannot read {}: {}", raylet, e.toString());
      return null;
    }
    return NodeIds.fromRayletLog(head, length).orElse(null);
  }
}
