package io.raylog.parse;

import io.raylog.record.AsciiBytes;
import io.raylog.record.KeyTable;
import io.raylog.record.RayKey;

/**
 * The {@code key=value} pairs Ray appends to a message: C++ context fields ({@code RAY_LOG(INFO).WithField(k, v)})
 * and the TEXT encoding of Ray's structured logging, which appends the record's extras and then Ray's context
 * ({@code job_id=… worker_id=… node_id=… [actor_id=… task_id=… task_name=… task_func_name=… actor_name=…]
 * timestamp_ns=…}). A message may end in {@code key=value} text of its own ({@code loss=0.25},
 * {@code has creation_task_exception=1}), so the rule is strict, and the text is never cut otherwise:
 *
 * <ol>
 *   <li>the <em>run</em> is the longest sequence of space-separated tokens at the end of the message that each are
 *       {@code key=value}: a key {@code [A-Za-z_][A-Za-z0-9_.]*}, {@code =}, and a value without spaces (maybe
 *       empty);
 *   <li>the <em>tail</em> starts at the first token of the run whose key is one of Ray's context keys
 *       ({@link #isContextKey}); a run with none of them has no tail, and the message stays whole;
 *   <li>the tail's pairs are fields (keys named like a {@link RayKey} to {@code ray}, an empty value to nothing,
 *       {@code timestamp_ns} to the record's time, others to {@code attributes}) and are cut off the message,
 *       unless they are all of it.
 * </ol>
 *
 * Pure; the scratch space is the caller's.
 */
final class KeyValueTail {
  static final int MAX_PAIRS = 64;
  private static final byte[] TIMESTAMP_NS = AsciiBytes.of("timestamp_ns");

  /** Ray's context keys: C++ {@code kLogKey*} (logging.h) and Python's {@code LogKey} (ray_logging/constants.py). */
  private static final KeyTable<Boolean> CONTEXT_KEYS = new KeyTable<>(java.util.Map.ofEntries(
      java.util.Map.entry("job_id", true), java.util.Map.entry("worker_id", true),
      java.util.Map.entry("node_id", true), java.util.Map.entry("actor_id", true),
      java.util.Map.entry("task_id", true), java.util.Map.entry("object_id", true),
      java.util.Map.entry("placement_group_id", true), java.util.Map.entry("component", true),
      java.util.Map.entry("task_name", true), java.util.Map.entry("task_func_name", true),
      java.util.Map.entry("actor_name", true), java.util.Map.entry("timestamp_ns", true)));

  private KeyValueTail() {}

  /** Whether {@code b[from, from + length)} names one of Ray's context keys. */
  static boolean isContextKey(byte[] b, int from, int length) {
    return CONTEXT_KEYS.get(b, from, length) != null;
  }

  /** Reads the context tail of the message in {@code line} and cuts it off. */
  static void read(ParsedLine line) {
    byte[] b = line.message;
    int from = line.messageFrom;
    int end = from + line.messageLength;
    int[] starts = line.pairStarts;
    int count = 0;
    int tail = -1; // index in starts of the leftmost pair with a context key
    int tokenEnd = end;
    while (count < MAX_PAIRS && tokenEnd > from) {
      int space = tokenEnd - 1;
      while (space >= from && b[space] != ' ') {
        space--;
      }
      int tokenStart = space + 1;
      int equals = pairEquals(b, tokenStart, tokenEnd);
      if (equals < 0) {
        break;
      }
      if (isContextKey(b, tokenStart, equals - tokenStart)) {
        tail = count;
      }
      starts[count++] = tokenStart;
      if (space < from) {
        break;
      }
      tokenEnd = space;
    }
    if (tail < 0) {
      return;
    }
    for (int i = tail; i >= 0; i--) {
      int start = starts[i];
      int valueEnd = i == 0 ? end : starts[i - 1] - 1;
      int equals = pairEquals(b, start, valueEnd);
      int keyLength = equals - start;
      int valueFrom = equals + 1;
      int valueLength = valueEnd - valueFrom;
      if (keyLength == TIMESTAMP_NS.length && AsciiBytes.startsWith(b, start, equals, TIMESTAMP_NS)) {
        long nanos = digits(b, valueFrom, valueEnd);
        if (nanos >= 0) {
          line.timeMillis = nanos / 1_000_000;
          continue;
        }
      }
      RayKey rayKey = RayKey.byName(b, start, keyLength);
      if (rayKey != null) {
        if (valueLength > 0) {
          line.fields.string(rayKey, b, valueFrom, valueLength);
        }
      } else {
        line.fields.attribute(b, start, keyLength, valueFrom, valueLength);
      }
    }
    int tailStart = starts[tail];
    if (tailStart > from) {
      line.message(from, tailStart - 1);
    }
  }

  /** Where the {@code =} of a {@code key=value} token in {@code b[start, end)} is, or -1 if it is not one. */
  private static int pairEquals(byte[] b, int start, int end) {
    if (start >= end || !(isLetter(b[start]) || b[start] == '_')) {
      return -1;
    }
    for (int i = start + 1; i < end; i++) {
      byte c = b[i];
      if (c == '=') {
        return i;
      }
      if (!(isLetter(c) || LocalTimes.isDigit(c) || c == '_' || c == '.')) {
        return -1;
      }
    }
    return -1;
  }

  /** The decimal number {@code b[from, end)}, or -1 if it is not digits that fit a long. */
  private static long digits(byte[] b, int from, int end) {
    if (from >= end || end - from > 19) {
      return -1;
    }
    long value = 0;
    for (int i = from; i < end; i++) {
      if (!LocalTimes.isDigit(b[i])) {
        return -1;
      }
      int digit = b[i] - '0';
      if (value > (Long.MAX_VALUE - digit) / 10) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  private static boolean isLetter(byte c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
