package io.raylog.pipeline;

/**
 * A message that asks a sink pipeline to send what it holds now (shutdown drain). It is written behind the last
 * records, so it arrives after them.
 */
public enum FlushRequest {
  INSTANCE
}
