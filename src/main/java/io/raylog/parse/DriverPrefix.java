package io.raylog.parse;

import io.raylog.record.AsciiBytes;
import io.raylog.record.RayKey;

/**
 * The prefix a Ray driver puts before the worker lines it prints, found in {@code job-driver-*.log}
 * (ray-logs.md §3.7): {@code (MyActor pid=123, ip=10.0.0.1) text}, {@code (raylet, ip=10.0.0.1) text},
 * {@code (autoscaler) text}. The task, actor or component goes to {@code ray.origin}, the pid and ip to their
 * fields, and the text after the prefix is parsed as a worker line.
 */
final class DriverPrefix {
  private static final int MAX_PREFIX = 512;
  private static final byte[] PID = AsciiBytes.of(" pid=");
  private static final byte[] IP = AsciiBytes.of(", ip=");

  static final LinePattern PREFIX =
      LinePattern.startingWith(FirstBytes.of('('), (b, from, length) -> end(b, from, length, null) > 0);

  private DriverPrefix() {}

  /**
   * Reads the prefix into {@code out}'s fields (when {@code out} is not null); returns where the text after it
   * starts, or -1 if the line has no prefix.
   */
  static int end(byte[] b, int from, int length, ParsedLine out) {
    if (length < 4 || b[from] != '(') {
      return -1;
    }
    int end = from + Math.min(length, MAX_PREFIX);
    int pidAt = AsciiBytes.indexOf(b, from + 1, end, PID);
    if (pidAt > from + 1) {
      int i = pidAt + 5;
      int digits = i;
      long pid = 0;
      while (i < end && LocalTimes.isDigit(b[i])) {
        pid = pid * 10 + (b[i++] - '0');
      }
      if (i == digits) {
        return -1;
      }
      return close(b, from, i, end, pidAt, pid, out);
    }
    // "(raylet, ip=…)" or "(autoscaler)": a word of lower-case letters and underscores.
    int i = from + 1;
    while (i < end && ((b[i] >= 'a' && b[i] <= 'z') || b[i] == '_')) {
      i++;
    }
    if (i == from + 1) {
      return -1;
    }
    return close(b, from, i, end, i, -1, out);
  }

  /** Components whose lines a driver prints with a bare name: {@code (raylet)}, {@code (autoscaler)}. */
  private static final java.util.Set<String> COMPONENTS = java.util.Set.of("raylet", "gcs_server", "autoscaler",
      "monitor", "dashboard", "dashboard_agent", "runtime_env_agent", "log_monitor", "ray_client_server");

  private static int close(byte[] b, int from, int i, int end, int nameEnd, long pid, ParsedLine out) {
    int ipFrom = -1;
    int ipTo = -1;
    if (AsciiBytes.startsWith(b, i, end, IP)) {
      ipFrom = i + 5;
      i = ipFrom;
      while (i < end && b[i] != ')' && b[i] != ' ') {
        i++;
      }
      ipTo = i;
    }
    if (i + 1 >= end || b[i] != ')' || b[i + 1] != ' ') {
      return -1;
    }
    if (pid < 0 && ipFrom < 0 && !COMPONENTS.contains(
        new String(b, from + 1, nameEnd - from - 1, java.nio.charset.StandardCharsets.US_ASCII))) {
      return -1; // "(venv) …" is text, not a prefix
    }
    if (out != null) {
      out.fields.string(RayKey.ORIGIN, b, from + 1, nameEnd - from - 1);
      if (pid >= 0) {
        out.fields.number(RayKey.PID, pid);
      }
      if (ipFrom > 0) {
        out.fields.string(RayKey.IP, b, ipFrom, ipTo - ipFrom);
      }
    }
    return i + 2;
  }
}
