package io.raylog.sink.http;

import io.raylog.sink.Outbound;
import io.raylog.sink.SendOutcome;

/** What a protocol reads in a 2xx response (Elasticsearch's bulk items, OTLP's partial success). Thread-safe. */
public interface ResponseReader {
  SendOutcome accepted(HttpResult.Response response, Outbound sent, long bytes);

  /** A 2xx accepts every record. */
  ResponseReader ALL_ACCEPTED = (response, sent, bytes) -> SendOutcome.delivered(bytes);
}
