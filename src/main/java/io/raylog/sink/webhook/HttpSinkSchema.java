package io.raylog.sink.webhook;

import io.raylog.config.NetworkSinkSchema;
import io.raylog.config.Option;
import io.raylog.config.SinkType;
import io.raylog.config.UrlType;
import java.net.URI;
import java.util.List;

/** The {@code http} sink's options and how they bind to its {@link HttpSinkConfig}. Pure. */
public final class HttpSinkSchema {

  private HttpSinkSchema() {}

  public static final Option<URI> URL =
      Option.required("url", new UrlType(), "Where each batch is POSTed.");

  public static final Option<HttpSinkConfig.Format> FORMAT =
      Option.choice(
          "format",
          HttpSinkConfig.Format.NDJSON,
          "`ndjson`: one record per line (`application/x-ndjson`). `json_array`: a JSON array of records"
              + " (`application/json`).");

  public static final SinkType TYPE =
      new SinkType(
          "http",
          "Batches of records POSTed to an HTTP endpoint as NDJSON or a JSON array. A 2xx response acknowledges the"
              + " batch; connection errors, timeouts, 408, 429, 5xx (and 401, 403, 404, 407: a setup to fix, not bad"
              + " records) are retried; any other status rejects the batch. See [sinks.md](sinks.md#http).",
          NetworkSinkSchema.networkOptions(List.of(URL, FORMAT)),
          values -> values.bind(HttpSinkConfig.class));
}
