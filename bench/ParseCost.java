import io.raylog.parse.LineFormat;
import io.raylog.parse.ParseEvents;
import io.raylog.parse.ParseSettings;
import io.raylog.parse.RayFileNames;
import io.raylog.parse.RecordAssembler;
import io.raylog.parse.RecordParser;
import io.raylog.record.FileProgress;
import io.raylog.record.SourceFile;
import io.raylog.redact.RedactEvents;
import io.raylog.redact.Redactor;
import io.raylog.tail.LineSplitter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What parsing costs per record, by line format, on one thread and without the rest of the pipeline: the files of a
 * benchmark tree are held in memory and fed through raylog's own line splitter, record assembler and record
 * parser, in the read chunks the tail thread uses, several rounds so that the later ones run on compiled code.
 * A tool for working on the parsers (docs/benchmark.md); bench/run is the benchmark.
 *
 * <pre>java -cp target/raylog.jar bench/ParseCost.java TREE [split|assemble|full|redact] [ROUNDS]</pre>
 *
 * TREE is a tree bench/run generated (target/bench/tree/ray). {@code split} only splits lines, {@code assemble}
 * also makes records of them (multi-line rules, worker markers: the tail thread's share), {@code full} (the
 * default) also parses them (the parse thread's share), {@code redact} also redacts them with the default rules (the
 * rest of the parse thread's share when redaction is on). Prints CPU seconds and ns per record by format per round.
 */
public final class ParseCost {
  private static final int READ_CHUNK = 256 * 1024;
  /** Built-in rules the redact mode leaves out ({@code -Dredact.disable=jwt,url_password}), to see what each costs. */
  private static final List<String> DISABLED = Arrays.stream(System.getProperty("redact.disable", "").split(","))
      .filter(name -> !name.isEmpty()).toList();

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: java -cp target/raylog.jar bench/ParseCost.java TREE [split|assemble|full|redact] [ROUNDS]");
      System.exit(2);
    }
    Path root = Path.of(args[0]);
    String mode = args.length > 1 ? args[1] : "full";
    if (!List.of("split", "assemble", "full", "redact").contains(mode)) {
      throw new IllegalArgumentException("mode must be split, assemble, full or redact, not " + mode);
    }
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(Files::isRegularFile).sorted().forEach(files::add);
    }
    List<byte[]> contents = new ArrayList<>();
    for (Path file : files) {
      contents.add(Files.readAllBytes(file));
    }
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    for (int round = 1; round <= rounds; round++) {
      Map<String, long[]> byFormat = new TreeMap<>(); // cpu ns, bytes, records
      for (int f = 0; f < files.size(); f++) {
        String path = files.get(f).toString();
        int logs = path.indexOf("/logs/");
        String relative = logs < 0 ? files.get(f).getFileName().toString() : path.substring(logs + 6);
        SourceFile source = new SourceFile("session", relative, RayFileNames.classify(relative), "/tmp/ray/" + relative);
        long started = cpu.getCurrentThreadCpuTime();
        long records = feed(contents.get(f), source, mode);
        long[] sum = byFormat.computeIfAbsent(LineFormat.of(source).name(), k -> new long[3]);
        sum[0] += cpu.getCurrentThreadCpuTime() - started;
        sum[1] += contents.get(f).length;
        sum[2] += records;
      }
      long total = byFormat.values().stream().mapToLong(s -> s[0]).sum();
      System.out.printf(Locale.ROOT, "round %d (%s): %.2f CPU s%n", round, mode, total / 1e9);
      byFormat.forEach((format, s) -> System.out.printf(Locale.ROOT, "  %-10s %6.2f s %8.1f MiB %7.1f ns/record%n",
          format, s[0] / 1e9, s[1] / 1048576.0, (double) s[0] / Math.max(1, s[2])));
    }
  }

  /** One file through the stages {@code mode} names; returns the records (lines, for {@code split}). */
  private static long feed(byte[] content, SourceFile source, String mode) {
    RecordAssembler assembler = new RecordAssembler(source, ParseSettings.defaults(), new ParseEvents() {}, null);
    RecordParser parser = new RecordParser(ParseSettings.defaults());
    FileProgress progress = new FileProgress(1, 0);
    LineSplitter splitter = new LineSplitter(1 << 20);
    boolean assemble = !mode.equals("split");
    boolean parse = mode.equals("full") || mode.equals("redact");
    Redactor redactor = mode.equals("redact") ? Redactor.of(DISABLED, List.of(), RedactEvents.NONE) : null;
    long[] records = new long[1];
    for (int at = 0; at < content.length; at += READ_CHUNK) {
      int n = Math.min(READ_CHUNK, content.length - at);
      byte[] chunk = Arrays.copyOfRange(content, at, at + n); // a fresh read buffer, as the tail thread's reads
      splitter.feed(chunk, 0, n, at, (b, from, length, start, end, split) -> {
        if (!assemble) {
          records[0]++;
          return;
        }
        assembler.line(b, from, length, start, end, split, 0, progress, record -> {
          records[0]++;
          if (parse) {
            record.parse(parser);
          }
          if (redactor != null) {
            record.redact(redactor);
          }
        });
      });
      assembler.detachFromReadBuffer();
    }
    assembler.flush(record -> {
      records[0]++;
      if (parse) {
        record.parse(parser);
      }
      if (redactor != null) {
        record.redact(redactor);
      }
    });
    return records[0];
  }
}
