package io.raylog.sink.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on loopback in front of an HTTP server that loses the server's first {@code lose} answers: the request
 * reaches the server whole and is carried out, then the connection is closed instead of the answer passed back, as
 * when a network drops a connection at the wrong moment. Interim {@code 100 Continue} answers pass.
 */
final class AnswerLosingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final URI target;
  private final AtomicInteger toLose;
  private final AtomicInteger lost = new AtomicInteger();
  private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "answer-losing-proxy");
    thread.setDaemon(true);
    return thread;
  });

  AnswerLosingProxy(URI target, int lose) throws IOException {
    this.target = target;
    this.toLose = new AtomicInteger(lose);
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::accept);
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + listener.getLocalPort());
  }

  /** Answers lost so far. */
  int lost() {
    return lost.get();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(target.getHost(), target.getPort());
        threads.execute(() -> relay(client, server, false));
        threads.execute(() -> relay(server, client, true));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void relay(Socket from, Socket to, boolean answers) {
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        if (answers && !isInterim(buffer, n) && toLose.getAndDecrement() > 0) {
          lost.incrementAndGet();
          return; // the server has done the work; the client never hears of it
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException closed) {
      // either side went away: close both
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static boolean isInterim(byte[] buffer, int length) {
    return new String(buffer, 0, Math.min(length, 12), StandardCharsets.US_ASCII).startsWith("HTTP/1.1 1");
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    threads.shutdownNow();
  }
}
