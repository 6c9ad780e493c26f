package io.raylog.sink;

import io.netty.channel.ChannelPipeline;

/** Adds a sink's handlers after its batching stage; called once, when the sink's channel is set up. */
@FunctionalInterface
public interface SinkStage {
  void addTo(ChannelPipeline pipeline);
}
