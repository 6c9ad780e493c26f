package io.raylog.sink.http;

import io.raylog.config.Secret;
import io.raylog.config.SinkConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The {@code Authorization} header of an HTTP sink's requests: none, basic (user and a password given or read from a
 * file) or bearer (a token given or read from a file). Files are re-read when they change. The value is built per
 * request and never logged. Thread-safe.
 */
public final class Authorization {
  /** How often a credentials file is checked for a change. */
  static final long FILE_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final String basicUser;
  private final Secret fixedSecret;
  private final SecretFile secretFile;
  private final LongSupplier nanoClock;

  private Authorization(String basicUser, Secret fixedSecret, SecretFile secretFile, LongSupplier nanoClock) {
    this.basicUser = basicUser;
    this.fixedSecret = fixedSecret;
    this.secretFile = secretFile;
    this.nanoClock = nanoClock;
  }

  public static Authorization of(SinkConfig.HttpClientSettings client, LongSupplier nanoClock) {
    if (client.basicUser().isPresent()) {
      return new Authorization(client.basicUser().get(), client.basicPassword().orElse(null),
          client.basicPasswordFile().map(path -> new SecretFile(path, FILE_CHECK_NANOS)).orElse(null), nanoClock);
    }
    if (client.bearerToken().isPresent() || client.bearerTokenFile().isPresent()) {
      return new Authorization(null, client.bearerToken().orElse(null),
          client.bearerTokenFile().map(path -> new SecretFile(path, FILE_CHECK_NANOS)).orElse(null), nanoClock);
    }
    return new Authorization(null, null, null, nanoClock);
  }

  /** The header value, or null when the sink does not authenticate; throws when a credentials file is unreadable. */
  public String header() throws IOException {
    if (fixedSecret == null && secretFile == null) {
      return null;
    }
    String secret = fixedSecret != null ? fixedSecret.reveal() : secretFile.value(nanoClock.getAsLong());
    if (basicUser != null) {
      return "Basic " + Base64.getEncoder().encodeToString((basicUser + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
    return "Bearer " + secret;
  }
}
