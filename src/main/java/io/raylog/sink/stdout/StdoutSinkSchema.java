package io.raylog.sink.stdout;

import io.raylog.config.SinkType;
import java.util.List;

/** The {@code stdout} sink's options and how they bind to its {@link StdoutSinkConfig}. Pure. */
public final class StdoutSinkSchema {

  private StdoutSinkSchema() {}

  public static final SinkType TYPE =
      new SinkType(
          "stdout",
          "NDJSON records on raylog's standard output, one per line: for trying raylog out, or for a runtime that"
              + " collects the container's output.",
          List.of(),
          values -> values.bind(StdoutSinkConfig.class));
}
