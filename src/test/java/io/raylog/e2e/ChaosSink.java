package io.raylog.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * The HTTP sink's destination for the chaos suite: a loopback server that records the sequence number of every
 * line it accepts (answers 200 to), counting the ones it had already, and that can be taken down three ways:
 * the listener closed (connections refused, open ones cut), requests answered 503, or connections closed without
 * an answer (the client sees a reset). It keeps only bit sets, so a run of millions of lines stays small.
 *
 * <p>{@link #elasticsearch()} makes it an Elasticsearch-shaped receiver of {@code _bulk} that honours {@code _id}
 * (issue 19): a document whose id it has is refused with a 409 item, as Elasticsearch refuses a second
 * {@code create}, and is not counted again; it keeps the ids it was given.
 */
final class ChaosSink implements AutoCloseable {
  enum Outage { REFUSE, ANSWER_503, CUT_CONNECTIONS }

  private static final byte[] MARK = (ChaosWriter.MARK + " ").getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NEWLINE = {'\n'};
  private static final String ID = "\"_id\":\"";
  private static final long ANSWER_DELAY_MILLIS = 40;

  private final int port;
  private final BitSet[] seen = new BitSet[ChaosWriter.STREAMS];
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private HttpServer server;
  private volatile Outage outage;
  private long received;
  private long duplicates;
  private final long[] duplicatesByStream = new long[ChaosWriter.STREAMS];
  /** The runs of consecutive duplicated lines per stream ({@code from-to}), the first few, to tell where they came from. */
  private final java.util.List<java.util.List<long[]>> duplicateRuns = new java.util.ArrayList<>();
  private long requests;
  /** The {@code _id}s created, when it answers as Elasticsearch does; null for the plain HTTP sink. */
  private final java.util.Set<String> ids;
  private long conflicts;

  ChaosSink() throws IOException {
    this(false);
  }

  /** An Elasticsearch-shaped receiver that honours {@code _id}. */
  static ChaosSink elasticsearch() throws IOException {
    return new ChaosSink(true);
  }

  private ChaosSink(boolean honourIds) throws IOException {
    ids = honourIds ? new java.util.HashSet<>() : null;
    // Without it the JDK server writes an answer's headers and body apart and Nagle's algorithm holds the body
    // for the client's delayed ACK (40 ms a request): the sink, not raylog, would set the pace.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    for (int i = 0; i < seen.length; i++) {
      seen[i] = new BitSet();
      duplicateRuns.add(new java.util.ArrayList<>());
    }
    server = listen(0);
    port = server.getAddress().getPort();
  }

  String url() {
    return "http://127.0.0.1:" + port + "/ingest";
  }

  private HttpServer listen(int onPort) throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 64);
    http.createContext("/", this::handle);
    http.setExecutor(executor);
    http.start();
    return http;
  }

  /** Takes the sink down in the given way until {@link #up}. */
  synchronized void down(Outage how) {
    outage = how;
    if (how == Outage.REFUSE && server != null) {
      server.stop(0);
      server = null;
    }
  }

  synchronized void up() throws IOException {
    outage = null;
    if (server == null) {
      IOException last = null;
      for (int attempt = 0; attempt < 50; attempt++) { // the port may linger briefly after the close
        try {
          server = listen(port);
          return;
        } catch (IOException e) {
          last = e;
          try {
            Thread.sleep(100);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw e;
          }
        }
      }
      throw last;
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
          ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Outage now = outage;
      if (now == Outage.CUT_CONNECTIONS || now == Outage.REFUSE) {
        throw new IOException("outage: the connection is cut without an answer");
      }
      if (now == Outage.ANSWER_503) {
        exchange.sendResponseHeaders(503, -1);
        return;
      }
      if (ids != null) {
        byte[] answer = bulk(body);
        // Indexed, then answered a little later, as a busy cluster does: a kill in between leaves batches the index
        // has and raylog does not know it has, which it sends again after the restart.
        try {
          Thread.sleep(ANSWER_DELAY_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, answer.length);
        exchange.getResponseBody().write(answer);
        return;
      }
      synchronized (this) {
        requests++;
        record(body, 0, body.length);
      }
      exchange.sendResponseHeaders(200, -1);
    }
  }

  /**
   * A {@code _bulk} body (an action line, then the document, for each record): each document created under its
   * {@code _id} unless the id is taken, which is a 409 item. Answers as Elasticsearch does, item by item.
   */
  private synchronized byte[] bulk(byte[] body) {
    requests++;
    StringBuilder items = new StringBuilder();
    boolean errors = false;
    int at = 0;
    while (at < body.length) {
      int actionEnd = indexOf(body, NEWLINE, at);
      int documentEnd = indexOf(body, NEWLINE, actionEnd + 1);
      String action = new String(body, at, actionEnd - at, StandardCharsets.UTF_8);
      int idAt = action.indexOf(ID);
      String id = idAt < 0 ? null : action.substring(idAt + ID.length(), action.indexOf('"', idAt + ID.length()));
      items.append(items.isEmpty() ? "" : ",");
      if (id != null && !ids.add(id)) {
        conflicts++;
        errors = true;
        items.append("{\"create\":{\"_id\":\"").append(id).append("\",\"status\":409,\"error\":{\"type\":"
            + "\"version_conflict_engine_exception\",\"reason\":\"document already exists\"}}}");
      } else {
        record(body, actionEnd + 1, documentEnd);
        items.append("{\"create\":{\"status\":201}}");
      }
      at = documentEnd + 1;
    }
    return ("{\"errors\":" + errors + ",\"items\":[" + items + "]}").getBytes(StandardCharsets.UTF_8);
  }

  /** Every {@code raylog-seq <stream> <n>} in the body's bytes {@code [from, to)}, wherever a record put its text. */
  private synchronized void record(byte[] body, int from, int to) {
    int i = from;
    while ((i = indexOf(body, MARK, i)) >= 0 && i < to) {
      i += MARK.length;
      int stream = 0;
      while (body[i] != ' ') {
        stream = stream * 10 + body[i++] - '0';
      }
      i++;
      int n = 0;
      while (i < body.length && body[i] >= '0' && body[i] <= '9') {
        n = n * 10 + body[i++] - '0';
      }
      received++;
      if (seen[stream].get(n)) {
        duplicates++;
        duplicatesByStream[stream]++;
        java.util.List<long[]> runs = duplicateRuns.get(stream);
        long[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
        if (last != null && last[1] == n - 1) {
          last[1] = n;
        } else if (runs.size() < 200) {
          runs.add(new long[] {n, n});
        }
      } else {
        seen[stream].set(n);
      }
    }
  }

  private static int indexOf(byte[] body, byte[] mark, int from) {
    outer:
    for (int i = from, last = body.length - mark.length; i <= last; i++) {
      for (int j = 0; j < mark.length; j++) {
        if (body[i + j] != mark[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  synchronized boolean all(int stream, long from, long to) {
    return to <= from || seen[stream].nextClearBit((int) from) >= to;
  }

  /** Lines of {@code stream} below {@code written} that never arrived. */
  synchronized long missing(int stream, long written) {
    return written - seen[stream].get(0, (int) written).cardinality();
  }

  /** The first missing line of the stream, for the failure message. */
  synchronized long firstMissing(int stream) {
    return seen[stream].nextClearBit(0);
  }

  synchronized long received() {
    return received;
  }

  synchronized long duplicates() {
    return duplicates;
  }

  synchronized long duplicates(int stream) {
    return duplicatesByStream[stream];
  }

  synchronized String duplicatesByStream() {
    return java.util.Arrays.toString(duplicatesByStream);
  }

  /** The larger runs of duplicated lines, for the summary: {@code stream:from-to}. */
  synchronized String largeDuplicateRuns(int atLeast) {
    StringBuilder text = new StringBuilder();
    for (int stream = 0; stream < seen.length; stream++) {
      for (long[] run : duplicateRuns.get(stream)) {
        if (run[1] - run[0] + 1 >= atLeast) {
          text.append(' ').append(stream).append(':').append(run[0]).append('-').append(run[1]);
        }
      }
    }
    return text.toString();
  }

  /** Documents refused because their {@code _id} was taken: re-sends the receiver dropped. */
  synchronized long conflicts() {
    return conflicts;
  }

  synchronized long requests() {
    return requests;
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
    }
    executor.shutdownNow();
  }
}
