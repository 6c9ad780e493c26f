package io.raylog.sink.history;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ray's exported events ({@code POST /v1/events}, a JSON array of events), made durable before they are answered:
 * each request's events are written, per session and category ({@link EventCategories}), to files under
 * {@code <state_dir>/history-events/<namespace>/<pod>/<session>/<category>/}, fsynced and renamed into place, and
 * only then answered 200. {@link EventUploads} uploads and removes them. The spool is bounded: past
 * {@code maxBytes} a request is answered 503 with {@code Retry-After}, as the sidecar does, and Ray sends it again.
 * The request says which pod sent it in its query ({@code ?namespace=…&pod=…}): the export address each Ray
 * container is given (see docs/history-server.md). Thread-safe.
 */
public final class EventSpool {
  /** The largest request accepted. */
  public static final int MAX_REQUEST_BYTES = 8 << 20;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** An answer to a request. */
  public record Answer(int status, String body, int retryAfterSeconds) {}

  private final Path dir;
  private final long maxBytes;
  private final LongSupplier epochNanos;
  private final AtomicLong usedBytes = new AtomicLong();
  private final AtomicLong sequence = new AtomicLong();

  public EventSpool(Path dir, long maxBytes, LongSupplier epochNanos) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.maxBytes = maxBytes;
    this.epochNanos = epochNanos;
    usedBytes.set(files().stream().mapToLong(EventSpool::size).sum());
    try (Stream<Path> paths = Files.walk(dir)) { // temp files of a request a crash interrupted: never answered
      for (Path temp : paths.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()) {
        Files.deleteIfExists(temp);
      }
    }
  }

  Path dir() {
    return dir;
  }

  /** Handles one request; returns the answer to give. */
  public synchronized Answer accept(String query, byte[] body) {
    Map<String, String> params = params(query);
    String namespace = params.get("namespace");
    String pod = params.get("pod");
    if (namespace == null || pod == null || !EventCategories.safePathComponent(namespace)
        || !EventCategories.safePathComponent(pod)) {
      return new Answer(400, "the export address must name the pod: /v1/events?namespace=<ns>&pod=<name>\n", 0);
    }
    if (usedBytes.get() >= maxBytes) {
      return new Answer(503, "raylog's event spool is full; the store is behind\n", 10);
    }
    JsonNode events;
    try {
      events = JSON.readTree(body);
    } catch (JacksonException e) {
      return new Answer(400, "not JSON: " + e.getOriginalMessage() + "\n", 0);
    }
    if (events == null || !events.isArray()) {
      return new Answer(400, "expected a JSON array of events\n", 0);
    }
    Map<String, StringBuilder> groups = new LinkedHashMap<>();
    for (JsonNode event : events) {
      String problem = problem(event);
      if (problem != null) {
        return new Answer(400, problem + "\n", 0);
      }
      String group = event.get("sessionName").asString() + "/" + EventCategories.of(event);
      groups.computeIfAbsent(group, g -> new StringBuilder()).append(JSON.writeValueAsString(event)).append('\n');
    }
    try {
      write(namespace + "/" + pod, groups);
    } catch (IOException e) {
      return new Answer(500, "cannot write the events to raylog's state_dir: " + e.getMessage() + "\n", 0);
    }
    return new Answer(200, "", 0);
  }

  /** {@code PersistEvents}'s checks: a {@code timestamp} in RFC 3339, a {@code sessionName} fit for a path. */
  private static String problem(JsonNode event) {
    JsonNode timestamp = event.get("timestamp");
    if (timestamp == null || !timestamp.isString()) {
      return "timestamp not found";
    }
    try {
      OffsetDateTime.parse(timestamp.asString());
    } catch (DateTimeParseException e) {
      return "timestamp is not RFC 3339: " + timestamp.asString();
    }
    JsonNode session = event.get("sessionName");
    if (session == null || !session.isString()) {
      return "sessionName not found";
    }
    if (!EventCategories.safePathComponent(session.asString())) {
      return "invalid sessionName";
    }
    return null;
  }

  /** Every group's file written and fsynced under a temporary name first, then all renamed into place. */
  private void write(String podDir, Map<String, StringBuilder> groups) throws IOException {
    long nanos = epochNanos.getAsLong();
    List<Path[]> renames = new ArrayList<>();
    long written = 0;
    try {
      for (Map.Entry<String, StringBuilder> group : groups.entrySet()) {
        Path groupDir = Files.createDirectories(dir.resolve(podDir).resolve(group.getKey()));
        Path target = groupDir.resolve(String.format("%019d-%06d.jsonl", nanos, sequence.incrementAndGet() % 1_000_000));
        Path temp = groupDir.resolve(target.getFileName() + ".tmp");
        byte[] bytes = group.getValue().toString().getBytes(StandardCharsets.UTF_8);
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          ByteBuffer buffer = ByteBuffer.wrap(bytes);
          while (buffer.hasRemaining()) {
            out.write(buffer);
          }
          out.force(true);
        }
        renames.add(new Path[] {temp, target});
        written += bytes.length;
      }
    } catch (IOException e) {
      for (Path[] rename : renames) {
        Files.deleteIfExists(rename[0]);
      }
      throw e;
    }
    for (Path[] rename : renames) {
      Files.move(rename[0], rename[1], StandardCopyOption.ATOMIC_MOVE);
      fsyncDirectory(rename[1].getParent());
    }
    usedBytes.addAndGet(written);
  }

  private static void fsyncDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /** The spooled files, in path order (within a group, in the order they were written). */
  List<Path> files() throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths.filter(p -> p.getFileName().toString().endsWith(".jsonl") && Files.isRegularFile(p))
          .sorted().toList();
    }
  }

  /** Removes uploaded files. */
  void remove(List<Path> uploaded) throws IOException {
    for (Path file : uploaded) {
      long size = size(file);
      if (Files.deleteIfExists(file)) {
        usedBytes.addAndGet(-size);
      }
    }
  }

  long usedBytes() {
    return usedBytes.get();
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  private static Map<String, String> params(String query) {
    Map<String, String> params = new LinkedHashMap<>();
    if (query == null || query.isEmpty()) {
      return params;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return params;
  }
}
