package io.raylog.sink;

import java.util.ArrayList;
import java.util.List;

/** A transport whose sends the test answers by hand, in any order. */
final class ScriptedTransport implements Transport {
  record Send(Outbound records, Completion done) {
    java.util.List<String> messages() {
      List<String> messages = new ArrayList<>();
      for (int i = 0; i < records.size(); i++) {
        messages.add(records.get(i).message());
      }
      return messages;
    }
  }

  final List<Send> sends = new ArrayList<>();
  RuntimeException throwOnNextSend;
  boolean closed;

  @Override
  public void send(Outbound records, Completion done) {
    if (throwOnNextSend != null) {
      RuntimeException e = throwOnNextSend;
      throwOnNextSend = null;
      throw e;
    }
    sends.add(new Send(records, done));
  }

  @Override
  public void close() {
    closed = true;
  }
}
