package io.raylog.sink.http;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.raylog.config.SinkConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The TLS client context of an HTTP sink: the JVM's trusted authorities or the configured CA file, an optional
 * client certificate for mutual TLS, and host-name verification always on.
 */
public final class TlsContexts {
  private TlsContexts() {}

  /** The context for an https:// endpoint, or null for http://; throws with the file at fault. */
  public static SslContext client(HttpEndpoint endpoint, SinkConfig.HttpClientSettings client) throws IOException {
    return client(endpoint, client, null);
  }

  /** The same, offering {@code alpn} (e.g. {@code h2} for gRPC) when not null. */
  public static SslContext client(HttpEndpoint endpoint, SinkConfig.HttpClientSettings client, String alpn)
      throws IOException {
    if (!endpoint.tls()) {
      return null;
    }
    SslContextBuilder builder = SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS");
    if (alpn != null) {
      builder.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
          ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
          ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, alpn));
    }
    if (client.tlsCaFile().isPresent()) {
      Path ca = client.tlsCaFile().get();
      try (InputStream in = Files.newInputStream(ca)) {
        builder.trustManager(in);
      } catch (IOException | IllegalArgumentException e) {
        throw new IOException("tls_ca_file " + ca + ": " + e.getMessage(), e);
      }
    }
    if (client.tlsCertFile().isPresent() && client.tlsKeyFile().isPresent()) {
      Path cert = client.tlsCertFile().get();
      Path key = client.tlsKeyFile().get();
      try (InputStream certIn = Files.newInputStream(cert); InputStream keyIn = Files.newInputStream(key)) {
        builder.keyManager(certIn, keyIn);
      } catch (IOException | IllegalArgumentException e) {
        // The message names the files, never their content.
        throw new IOException("tls_cert_file " + cert + " / tls_key_file " + key + ": " + e.getMessage(), e);
      }
    }
    try {
      return builder.build();
    } catch (IOException | RuntimeException e) {
      throw new IOException("cannot set up TLS: " + e.getMessage(), e);
    }
  }
}
