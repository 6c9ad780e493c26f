package io.raylog.config;

import java.util.Locale;

/** The rules between options of one network sink entry (pairs that go together or exclude each other). Pure. */
final class NetworkSinkChecks {

  private NetworkSinkChecks() {}

  static void check(SinkConfig.Networked sink, SectionValues values, Problems problems) {
    KeyPath path = values.path();
    if (values.valid(NetworkSinkSchema.RETRY_INITIAL_BACKOFF, NetworkSinkSchema.RETRY_MAX_BACKOFF)
        && sink.delivery().retryInitialBackoff().compareTo(sink.delivery().retryMaxBackoff()) > 0) {
      problems.add(path.child(NetworkSinkSchema.RETRY_INITIAL_BACKOFF.key()),
          "must not exceed retry_max_backoff (" + DurationFormat.format(sink.delivery().retryMaxBackoff()) + ")");
    }
    if (sink instanceof SinkConfig.OverHttp http) {
      checkHttp(http, values, problems);
    }
  }

  private static void checkHttp(SinkConfig.OverHttp sink, SectionValues values, Problems problems) {
    KeyPath path = values.path();
    SinkConfig.HttpClientSettings client = sink.client();
    if (client.tlsCertFile().isPresent() != client.tlsKeyFile().isPresent()) {
      String missing = client.tlsCertFile().isPresent() ? "tls_key_file" : "tls_cert_file";
      problems.add(path.child(missing), "required with " + (missing.equals("tls_key_file") ? "tls_cert_file" : "tls_key_file"));
    }
    boolean https = sink.url() != null && "https".equals(sink.url().getScheme().toLowerCase(Locale.ROOT));
    if (sink.url() != null && !https) {
      for (Option<?> tls : new Option<?>[] {NetworkSinkSchema.TLS_CA_FILE, NetworkSinkSchema.TLS_CERT_FILE}) {
        if (values.has(tls.key())) {
          problems.add(path.child(tls.key()), "TLS settings need an https:// url");
        }
      }
    }
    SinkChecks.exclusive(values, problems, NetworkSinkSchema.BASIC_PASSWORD, NetworkSinkSchema.BASIC_PASSWORD_FILE);
    SinkChecks.exclusive(values, problems, NetworkSinkSchema.BEARER_TOKEN, NetworkSinkSchema.BEARER_TOKEN_FILE);
    boolean password = values.has(NetworkSinkSchema.BASIC_PASSWORD.key())
        || values.has(NetworkSinkSchema.BASIC_PASSWORD_FILE.key());
    boolean user = values.has(NetworkSinkSchema.BASIC_USER.key());
    if (user && !password) {
      problems.add(path.child(NetworkSinkSchema.BASIC_PASSWORD.key()), "required with basic_user (or basic_password_file)");
    }
    if (password && !user) {
      problems.add(path.child(NetworkSinkSchema.BASIC_USER.key()), "required with a basic password");
    }
    boolean bearer = values.has(NetworkSinkSchema.BEARER_TOKEN.key()) || values.has(NetworkSinkSchema.BEARER_TOKEN_FILE.key());
    if (bearer && user) {
      problems.add(path.child(NetworkSinkSchema.BASIC_USER.key()), "basic and bearer authentication exclude each other");
    }
    for (String header : client.headers().keySet()) {
      if (header.equalsIgnoreCase("authorization") && (bearer || user)) {
        problems.add(path.child(NetworkSinkSchema.HEADERS.key()).child(header),
            "conflicts with the basic or bearer authentication set for this sink");
      }
    }
  }
}
