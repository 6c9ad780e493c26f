package io.raylog.parse;

import static io.raylog.parse.LinePattern.BLANK;
import static io.raylog.parse.LinePattern.INDENTED;
import static io.raylog.parse.LinePattern.anyOf;
import static io.raylog.parse.LinePattern.noneOf;
import static io.raylog.parse.LinePattern.startsWith;

import io.raylog.record.RayFileName;
import io.raylog.record.RayKey;
import io.raylog.record.SourceFile;

/**
 * How the lines of one kind of Ray file are laid out (ray-logs.md §3): how the first line of a record is parsed,
 * and the multi-line rules that say which lines continue it. Chosen from the component the file name says.
 */
public enum LineFormat {
  /** spdlog lines of raylet, gcs_server and the core workers; headerless lines continue the record above. */
  CPP(Rules.CPP, false) {
    @Override
    void parse(byte[] b, int from, int length, ParsedLine out, LocalTimes times) {
      if (!CppLine.parse(b, from, length, out, times) && !GlogLine.parse(b, from, length, out, times)
          && !JsonLine.parseLog(b, from, length, out, times)) {
        CrashLine.classify(b, from, length, out);
      }
    }
  },
  /**
   * Python components (dashboard, agents, monitor, Ray Data, Ray Train…); headerless lines continue the record above.
   * A component configured with Ray's JSON formatter (Ray Train's files always are) writes structured JSON lines.
   */
  PYTHON(Rules.PYTHON, false) {
    @Override
    void parse(byte[] b, int from, int length, ParsedLine out, LocalTimes times) {
      if (!PythonLine.parse(b, from, length, out, times, false)
          && !PythonLine.parseAutoscalerStatus(b, from, length, out, times)
          && !JsonLine.parseLog(b, from, length, out, times)) {
        CrashLine.classify(b, from, length, out);
      }
    }
  },
  /** stdout/stderr of workers: raw lines, structured logging, tracebacks, crash dumps, Ray's markers. */
  WORKER(Rules.WORKER, true) {
    @Override
    void parse(byte[] b, int from, int length, ParsedLine out, LocalTimes times) {
      parseWorkerLine(b, from, length, out, times);
    }
  },
  /** A Ray Jobs driver's output: worker lines, and copies of every worker line behind a {@code (name pid=…)}. */
  JOB_DRIVER(Rules.JOB_DRIVER, true) {
    @Override
    void parse(byte[] b, int from, int length, ParsedLine out, LocalTimes times) {
      int text = DriverPrefix.end(b, from, length, out);
      if (text > 0) {
        out.message(text, from + length);
        parseWorkerLine(b, text, from + length - text, out, times);
      } else {
        parseWorkerLine(b, from, length, out, times);
      }
    }
  },
  /** Ray Serve's text and JSON logs. */
  SERVE(Rules.SERVE, false) {
    @Override
    void parse(byte[] b, int from, int length, ParsedLine out, LocalTimes times) {
      if (!ServeTextLine.parse(b, from, length, out, times)) {
        JsonLine.parseLog(b, from, length, out, times);
      }
    }
  },
  /** Ray event files: one JSON object per line. */
  EVENT(Rules.ONE_LINE, false) {
    @Override
    void parse(byte[] b, int from, int length, ParsedLine out, LocalTimes times) {
      JsonLine.parseEvent(b, from, length, out, times);
    }
  },
  /** Anything else: each line is a record, with the time it was read. */
  RAW(Rules.ONE_LINE, false) {
    @Override
    void parse(byte[] b, int from, int length, ParsedLine out, LocalTimes times) {}
  },
  /**
   * A container's output with RAY_LOG_TO_STDERR=1: every component's lines mixed, each naming its component in
   * parentheses, which sets the record's {@code ray.component}.
   */
  CONSOLE(Rules.CONSOLE, false) {
    @Override
    void parse(byte[] b, int from, int length, ParsedLine out, LocalTimes times) {
      if (!CppLine.parse(b, from, length, out, times) && !PythonLine.parse(b, from, length, out, times, true)
          && !JsonLine.parseLog(b, from, length, out, times) && !GlogLine.parse(b, from, length, out, times)) {
        CrashLine.classify(b, from, length, out);
      }
      if (out.componentFrom >= 0) {
        ConsoleComponents.apply(b, out.componentFrom, out.componentLength, out.fields, out.consoleNames);
      } else {
        out.fields.string(RayKey.COMPONENT, RayFileNames.UNKNOWN); // user output of a worker, a tool's line
      }
    }
  };

  final MultilineRules rules;
  /** Whether {@code :job_id:}-style markers and tqdm tokens can appear. */
  final boolean workerOutput;

  LineFormat(MultilineRules rules, boolean workerOutput) {
    this.rules = rules;
    this.workerOutput = workerOutput;
  }

  /** The format of a file's lines: a container log mixes every component's lines, each naming its own. */
  public static LineFormat of(SourceFile source) {
    return source.containerLog() ? CONSOLE : of(source.name());
  }

  /** The format of a file whose name says {@code name}. */
  public static LineFormat of(RayFileName name) {
    return switch (name.component()) {
      case "raylet", "gcs_server", "core_worker", "core_driver", "spill_worker", "restore_worker" -> CPP;
      case "dashboard", "dashboard_module", "dashboard_agent", "runtime_env_agent", "log_monitor", "monitor",
          "ray_client_server", "ray_data", "ray_train" -> PYTHON;
      case "worker", "io_worker", "runtime_env_setup" -> WORKER;
      case "job_driver" -> JOB_DRIVER;
      case "serve", "serve_controller", "serve_proxy", "serve_replica" -> SERVE;
      case "event", "export_event" -> EVENT;
      default -> RAW;
    };
  }

  /**
   * Parses the first line of a record into {@code out}; a line no parser recognises stays a raw message. One method
   * per format, not a switch over them: the JIT compiles each format's parsers into its own method, instead of all
   * of them into every caller, which on a few seconds' run of a busy node cost more CPU than the parsing itself.
   */
  abstract void parse(byte[] b, int from, int length, ParsedLine out, LocalTimes times);

  /**
   * A line of worker output (or the text after a driver's prefix): by its first byte, the one format it can be in.
   * A line of none is raw text; if it starts raw crash output, it gets that output's severity.
   */
  private static void parseWorkerLine(byte[] b, int from, int length, ParsedLine out, LocalTimes times) {
    if (length == 0) {
      return;
    }
    byte first = b[from];
    if (first == '{') {
      JsonLine.parseLog(b, from, length, out, times);
    } else if (first >= '0' && first <= '9') {
      PythonLine.parse(b, from, length, out, times, true);
    } else if (first == '[') {
      CppLine.parse(b, from, length, out, times);
    } else if (first >= 'A' && first <= 'Z') {
      // By what follows the leading capitals: a space (a Serve level), a colon (a basicConfig level), a digit after
      // one letter (a glog level), else perhaps crash output; each format is tried only where it can be.
      int end = from + Math.min(length, 10);
      int i = from + 1;
      while (i < end && b[i] >= 'A' && b[i] <= 'Z') {
        i++;
      }
      byte next = i < from + length ? b[i] : 0;
      boolean parsed = next == ' ' ? ServeTextLine.parse(b, from, length, out, times)
          : next == ':' ? PythonLine.parseBasicConfig(b, from, length, out)
          : i == from + 1 && next >= '0' && next <= '9' && GlogLine.parse(b, from, length, out, times);
      if (!parsed) {
        CrashLine.classify(b, from, length, out);
      }
    } else {
      CrashLine.classify(b, from, length, out);
    }
  }

  /**
   * The tables. Each state's rules are tried in order; see {@link MultilineRules}. Where a record runs on until a
   * line starts another, the state says what starts one and then joins anything else ({@code join(ANY)}), rather
   * than joining {@code noneOf(starts)} and leaving the starts to the first state: that tried every line against
   * the header patterns twice, the busiest test of the busiest files.
   *
   * <p>A headerless line continues a record only where a rule says so: after a C++ or Python header (Ray's state
   * dumps, {@code logger.exception} tracebacks), in an autoscaler status block, and in the crash output whose shape
   * is known (tracebacks, faulthandler dumps, abseil reports). Elsewhere it is a record of its own, so that a file
   * of unrelated lines never becomes records of a thousand lines.
   */
  private static final class Rules {
    static final LinePattern TRACEBACK = CrashLine.TRACEBACK;
    static final LinePattern CHAINED = anyOf(
        startsWith("During handling of the above exception, another exception occurred:"),
        startsWith("The above exception was the direct cause of the following exception:"));
    static final LinePattern FATAL_PYTHON = CrashLine.FATAL_PYTHON;
    static final LinePattern FAULTHANDLER_BODY = anyOf(BLANK, INDENTED, startsWith("Thread 0x"),
        startsWith("Current thread 0x"), startsWith("Extension modules: "), startsWith("Stack (most recent call first)"));
    static final LinePattern ABSEIL_SIGNAL = CrashLine.ABSEIL_SIGNAL;
    static final LinePattern ABSEIL_FRAME = anyOf(startsWith("PC: @ "), INDENTED);
    static final LinePattern STACKTRACE_INFO = startsWith("*** StackTrace Information ***");
    static final LinePattern AUTOSCALER_STATUS = startsWith("======== Autoscaler status: ");
    static final LinePattern HEADERS = anyOf(CppLine.HEADER, PythonLine.HEADER);

    static final MultilineRules CPP = crashOutput(MultilineRules.builder()
        .state("first")
        .then(Rules::cppStarts)
        .then(Rules::crashOrLoose)
        .state("record")
        .then(Rules::cppStarts)
        .start(ABSEIL_SIGNAL, "abseil")
        .join(LinePattern.ANY, "record")
        .state("logged_abseil")
        .join(CrashLine.LOGGED_ABSEIL_FRAME, "logged_abseil")
        .then(Rules::cppStarts)
        .start(ABSEIL_SIGNAL, "abseil")
        .join(LinePattern.ANY, "record"))
        .build();

    /**
     * The autoscaler logs its status block after an empty message ({@code autoscaler.py:466 -- }), so the block
     * joins the line just after a header; in {@code monitor.out} it prints blocks bare, each its own record.
     */
    static final MultilineRules PYTHON = crashOutput(MultilineRules.builder()
        .state("first")
        .start(PythonLine.HEADER, "header")
        .start(AUTOSCALER_STATUS, "record")
        .then(Rules::crashOrLoose)
        .state("header")
        .start(PythonLine.HEADER, "header")
        .join(LinePattern.ANY, "record")
        .state("record")
        .start(PythonLine.HEADER, "header")
        .start(AUTOSCALER_STATUS, "record")
        .join(LinePattern.ANY, "record"))
        .build();

    static final MultilineRules SERVE = MultilineRules.builder()
        .state("first")
        .start(ServeTextLine.HEADER, "record")
        .start(JsonLine.OBJECT, null)
        .start(LinePattern.ANY, "record")
        .state("record")
        .start(ServeTextLine.HEADER, "record")
        .start(JsonLine.OBJECT, null)
        .join(LinePattern.ANY, "record")
        .build();

    static final MultilineRules WORKER = worker();
    /** The text after a driver's prefix is worker output; the assembler applies these rules to it. */
    static final MultilineRules JOB_DRIVER = WORKER;
    static final MultilineRules CONSOLE = MultilineRules.builder()
        .state("first")
        .start(CrashLine.LOGGED_ABSEIL_SIGNAL, "logged_abseil")
        .start(CppLine.HEADER, "record")
        .start(PythonLine.HEADER, "record")
        .start(TRACEBACK, "record")
        .start(FATAL_PYTHON, "record")
        .start(ABSEIL_SIGNAL, "abseil")
        .state("record")
        .then(Rules::consoleRecordRunsOn)
        .state("logged_abseil")
        .join(CrashLine.LOGGED_ABSEIL_FRAME, "logged_abseil")
        .then(Rules::consoleRecordRunsOn)
        .state("abseil")
        .join(ABSEIL_FRAME, "abseil")
        .build();

    static final MultilineRules ONE_LINE = MultilineRules.builder().state("first").build();

    /**
     * Worker output is mostly single lines, so only lines that open a known block hold a record open: a Python
     * traceback (with its chained parts and a {@code RayTaskError}'s remote frames), a thread's unhandled exception,
     * an actor's {@code Error raised in creation task:}, a faulthandler dump, an abseil crash report (raw, or a
     * header on each line), a C++ FATAL's stack trace, a logging line followed by its traceback.
     */
    private static MultilineRules worker() {
      return crashOutput(MultilineRules.builder()
          .state("first")
          .start(TRACEBACK, "traceback")
          .start(FATAL_PYTHON, "faulthandler")
          .start(ABSEIL_SIGNAL, "abseil")
          .start(CrashLine.EXCEPTION_IN_THREAD, "logged")
          .start(CrashLine.CREATION_TASK_ERROR, "creation")
          .start(PythonLine.HEADER, "logged")
          .start(CrashLine.LOGGED_ABSEIL_SIGNAL, "logged_abseil")
          .start(CppLine.HEADER, "cpp")
          .state("logged")
          .join(TRACEBACK, "traceback")
          .state("creation")
          .join(noneOf(BLANK, CppLine.HEADER, PythonLine.HEADER), "remote")
          .state("cpp")
          .join(STACKTRACE_INFO, "cpp_stack")
          .state("logged_abseil")
          .join(CrashLine.LOGGED_ABSEIL_FRAME, "logged_abseil")
          .state("cpp_stack")
          .join(noneOf(BLANK, CppLine.HEADER, PythonLine.HEADER), "cpp_stack"))
          .build();
    }

    /**
     * What starts a record in a C++ log: a C++ header (its record runs on), an abseil report logged line by line,
     * and a JSON or glog line (records that nothing continues).
     */
    private static MultilineRules.Builder cppStarts(MultilineRules.Builder rules) {
      return rules
          .start(CrashLine.LOGGED_ABSEIL_SIGNAL, "logged_abseil")
          .start(CppLine.HEADER, "record")
          .start(JsonLine.OBJECT, null)
          .start(GlogLine.HEADER, null);
    }

    /** A file's first headerless line: the start of known crash output, or else a record of its own. */
    private static MultilineRules.Builder crashOrLoose(MultilineRules.Builder rules) {
      return rules
          .start(TRACEBACK, "traceback")
          .start(FATAL_PYTHON, "faulthandler")
          .start(ABSEIL_SIGNAL, "abseil")
          .start(LinePattern.ANY, "loose");
    }

    /** In a console record: a C++ or Python header, an abseil report or a JSON line starts another; the rest joins. */
    private static MultilineRules.Builder consoleRecordRunsOn(MultilineRules.Builder rules) {
      return rules
          .start(CrashLine.LOGGED_ABSEIL_SIGNAL, "logged_abseil")
          .start(CppLine.HEADER, "record")
          .start(PythonLine.HEADER, "record")
          .start(ABSEIL_SIGNAL, "abseil")
          .start(JsonLine.OBJECT, null)
          .join(LinePattern.ANY, "record");
    }

    /**
     * The states of crash output every format shares: a traceback, its chained parts and a RayTaskError's remote
     * frames, a faulthandler dump, a raw abseil report, and the indented lines after a headerless line.
     */
    private static MultilineRules.Builder crashOutput(MultilineRules.Builder rules) {
      return rules
          .state("traceback")
          .join(INDENTED, "traceback")
          .join(CrashLine.RAY_TASK_ERROR, "remote")
          .join(noneOf(BLANK), "exception")
          .state("remote")
          .join(INDENTED, "remote")
          .join(CrashLine.RAY_TASK_ERROR, "remote")
          .join(noneOf(BLANK, HEADERS), "exception")
          .state("exception")
          .join(BLANK, "exception_blank")
          .state("exception_blank")
          .join(CHAINED, "chained")
          .state("chained")
          .join(BLANK, "chained_blank")
          .state("chained_blank")
          .join(TRACEBACK, "traceback")
          .state("faulthandler")
          .join(FAULTHANDLER_BODY, "faulthandler")
          .state("abseil")
          .join(ABSEIL_FRAME, "abseil")
          .state("loose")
          .join(INDENTED, "loose");
    }
  }
}
