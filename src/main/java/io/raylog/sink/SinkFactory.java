package io.raylog.sink;

import io.raylog.config.SinkConfig;
import io.raylog.config.SinkType;
import java.io.IOException;

/**
 * One sink type as a plugin: its configuration, declared in the sink's own package, and how a configured sink's
 * stages are opened. Each sink package has one; {@code io.raylog.sink.catalog.SinkTypes} lists them all, and adding
 * a sink is a new package and one line there. Immutable; thread-safe.
 *
 * @param type the type as the configuration knows it: its name, options, how they bind and the rules between them
 * @param configClass the configuration record {@code type} binds to
 * @param opener opens what the sink writes to (a file, a client, a producer) and returns how to add its handlers;
 *     every pipeline ends in the {@link DeliveryHandler} ({@link DeliveryStages}). Throws with the sink's name.
 * @param <C> the configuration record
 */
public record SinkFactory<C extends SinkConfig>(SinkType type, Class<C> configClass, Opener<C> opener) {

  /** Opens a sink of this type; {@code sink} must be a {@code C}. */
  public SinkStage open(SinkConfig sink, SinkContext context) throws IOException {
    return opener.open(configClass.cast(sink), context);
  }

  /** How a configured sink of one type is opened. */
  @FunctionalInterface
  public interface Opener<C extends SinkConfig> {
    SinkStage open(C sink, SinkContext context) throws IOException;
  }
}
