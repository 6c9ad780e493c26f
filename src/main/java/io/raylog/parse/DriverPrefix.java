package io.raylog.parse;

import io.raylog.record.AsciiBytes;
import io.raylog.record.RayKey;

/**
 * The prefix a Ray driver puts before the worker lines it prints, found in {@code job-driver-*.log}
 * (ray-logs.md §3.7): {@code (MyActor pid=123, ip=10.0.0.1) text}, {@code (pid=123) text},
 * {@code (pid=runtime_env, ip=10.0.0.1) text}, {@code (raylet, ip=10.0.0.1) text}, {@code (autoscaler +1m49s) text}.
 * Ray colours it by default ({@code ESC[2mESC[36m(…)ESC[0m text}, worker.py {@code print_worker_logs}): the escape
 * sequences around the parentheses are part of the prefix, so they never reach the message. The task, actor or
 * component goes to {@code ray.origin}, the pid and ip to their fields, and the text after the prefix is parsed as
 * a worker line. Pure.
 */
final class DriverPrefix {
  private static final int MAX_PREFIX = 512;
  private static final byte ESC = 0x1b;
  private static final byte[] PID = AsciiBytes.of(" pid=");
  private static final byte[] PID_FIRST = AsciiBytes.of("pid=");
  private static final byte[] IP = AsciiBytes.of(", ip=");

  static final LinePattern PREFIX =
      LinePattern.startingWith(FirstBytes.of('(', ESC), (b, from, length) -> end(b, from, length, null) > 0);

  private DriverPrefix() {}

  /** Components whose lines a driver prints with a bare name: {@code (raylet)}, {@code (autoscaler)}. */
  private static final java.util.Set<String> COMPONENTS = java.util.Set.of("raylet", "gcs_server", "autoscaler",
      "monitor", "dashboard", "dashboard_agent", "runtime_env_agent", "log_monitor", "ray_client_server");

  /**
   * Reads the prefix into {@code out}'s fields (when {@code out} is not null); returns where the text after it
   * starts, or -1 if the line has no prefix.
   */
  static int end(byte[] b, int from, int length, ParsedLine out) {
    int end = from + Math.min(length, MAX_PREFIX);
    int open = skipEscapes(b, from, end);
    if (end - open < 4 || b[open] != '(') {
      return -1;
    }
    int nameFrom = open + 1;
    int nameEnd;
    long pid = -1;
    boolean pidForm = false;
    int i;
    if (AsciiBytes.startsWith(b, nameFrom, end, PID_FIRST)) {
      pidForm = true;
      // "(pid=123)" or "(pid=runtime_env, ip=…)": no name, or a component's in place of the pid
      int valueFrom = nameFrom + 4;
      i = valueFrom;
      while (i < end && b[i] != ',' && b[i] != ')' && b[i] != ' ') {
        i++;
      }
      if (i == valueFrom) {
        return -1;
      }
      pid = digits(b, valueFrom, i);
      nameFrom = pid >= 0 ? -1 : valueFrom;
      nameEnd = i;
    } else {
      int pidAt = AsciiBytes.indexOf(b, nameFrom, end, PID);
      if (pidAt > nameFrom) {
        i = pidAt + 5;
        int digits = i;
        while (i < end && LocalTimes.isDigit(b[i])) {
          i++;
        }
        if (i == digits) {
          return -1;
        }
        pid = digits(b, digits, i);
        nameEnd = pidAt;
      } else {
        // "(raylet, ip=…)", "(autoscaler +1m49s)": a word of lower-case letters and underscores
        i = nameFrom;
        while (i < end && ((b[i] >= 'a' && b[i] <= 'z') || b[i] == '_')) {
          i++;
        }
        if (i == nameFrom) {
          return -1;
        }
        nameEnd = i;
        if (i + 2 < end && b[i] == ' ' && b[i + 1] == '+') {
          int elapsed = i + 2; // the autoscaler's time since the driver started: 49s, 1m49s, 2h1m49s
          i = elapsed;
          while (i < end && (LocalTimes.isDigit(b[i]) || b[i] == 'h' || b[i] == 'm' || b[i] == 's')) {
            i++;
          }
          if (i == elapsed) {
            return -1;
          }
        }
      }
    }
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
    if (i >= end || b[i] != ')') {
      return -1;
    }
    int text = skipEscapes(b, i + 1, end);
    if (text >= end || b[text] != ' ') {
      return -1;
    }
    if (!pidForm && pid < 0 && ipFrom < 0 && nameEnd == i && !COMPONENTS.contains(
        new String(b, nameFrom, nameEnd - nameFrom, java.nio.charset.StandardCharsets.US_ASCII))) {
      return -1; // "(venv) …" is text, not a prefix
    }
    if (out != null) {
      if (nameFrom >= 0) {
        out.fields.string(RayKey.ORIGIN, b, nameFrom, nameEnd - nameFrom);
      }
      if (pid >= 0) {
        out.fields.number(RayKey.PID, pid);
      }
      if (ipFrom > 0) {
        out.fields.string(RayKey.IP, b, ipFrom, ipTo - ipFrom);
      }
    }
    return text + 1;
  }

  private static final byte[] RAYLET = AsciiBytes.of("raylet");
  private static final byte[] GCS_SERVER = AsciiBytes.of("gcs_server");

  /**
   * Whether the prefix {@code b[from, textFrom)} names a C++ component ({@code (raylet)}, {@code (raylet, ip=…)},
   * {@code (gcs_server)}), whose lines continue as they do in its own file.
   */
  static boolean isCppComponent(byte[] b, int from, int textFrom) {
    int open = skipEscapes(b, from, textFrom);
    if (open >= textFrom || b[open] != '(') {
      return false;
    }
    int name = open + 1;
    int end = AsciiBytes.startsWith(b, name, textFrom, RAYLET) ? name + RAYLET.length
        : AsciiBytes.startsWith(b, name, textFrom, GCS_SERVER) ? name + GCS_SERVER.length : -1;
    return end > 0 && end < textFrom && (b[end] == ')' || b[end] == ',');
  }

  /** Past the ANSI escape sequences ({@code ESC [ params letter}) starting at {@code i}. */
  static int skipEscapes(byte[] b, int i, int end) {
    while (i + 2 < end && b[i] == ESC && b[i + 1] == '[') {
      int j = i + 2;
      while (j < end && (LocalTimes.isDigit(b[j]) || b[j] == ';')) {
        j++;
      }
      if (j >= end || !((b[j] >= 'A' && b[j] <= 'Z') || (b[j] >= 'a' && b[j] <= 'z'))) {
        return i;
      }
      i = j + 1;
    }
    return i;
  }

  private static long digits(byte[] b, int from, int end) {
    if (end - from > 18) {
      return -1;
    }
    long value = 0;
    for (int i = from; i < end; i++) {
      if (!LocalTimes.isDigit(b[i])) {
        return -1;
      }
      value = value * 10 + (b[i] - '0');
    }
    return value;
  }
}
