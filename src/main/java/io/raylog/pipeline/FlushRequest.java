package io.raylog.pipeline;

/** A user event that asks every stage of a sink pipeline to send what it holds now (shutdown drain). */
public enum FlushRequest {
  INSTANCE
}
