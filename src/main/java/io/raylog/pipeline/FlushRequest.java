package io.raylog.pipeline;

/**
 * Asks a sink pipeline to send what it holds now (shutdown drain). Written into the sink's channel behind the last
 * records, so it arrives after them; the batching stage sends its open batch, then passes the request on to the
 * stages after it as a user event.
 */
public enum FlushRequest {
  INSTANCE
}
