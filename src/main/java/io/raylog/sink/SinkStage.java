package io.raylog.sink;

import io.netty.channel.ChannelPipeline;

/** How a sink joins raylog once it is open. */
@FunctionalInterface
public interface SinkStage {
  /** Adds the sink's handlers after its batching stage; called once, when the sink's channel is set up. */
  void addTo(ChannelPipeline pipeline);

  /** The endpoint the sink serves on raylog's HTTP server; null for the sinks that serve none. */
  default SinkEndpoint endpoint() {
    return null;
  }
}
