package io.raylog.sink.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raylog.config.Secret;
import io.raylog.config.SinkConfig;
import io.raylog.sink.testing.SinkConfigs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthorizationTest {
  @TempDir Path dir;
  final AtomicLong clock = new AtomicLong();

  SinkConfig.HttpClientSettings settings(Optional<String> user, Optional<Secret> password, Optional<Path> passwordFile,
      Optional<Secret> token, Optional<Path> tokenFile) {
    SinkConfig.HttpClientSettings base = SinkConfigs.client();
    return new SinkConfig.HttpClientSettings(base.connectTimeout(), base.requestTimeout(), base.compression(),
        Optional.empty(), Optional.empty(), Optional.empty(), user, password, passwordFile, token, tokenFile, Map.of());
  }

  @Test
  void aBearerTokenFileIsReadAgainWhenItChanges() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "first-token\n");
    Authorization auth = Authorization.of(settings(Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.of(token)), clock::get);
    assertThat(auth.header()).isEqualTo("Bearer first-token");

    // a projected token is replaced by an atomic rename, as the kubelet does
    Path next = Files.writeString(dir.resolve("token.new"), "second-token-longer");
    Files.move(next, token, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    assertThat(auth.header()).as("checked at most once a second").isEqualTo("Bearer first-token");
    clock.addAndGet(Authorization.FILE_CHECK_NANOS);
    assertThat(auth.header()).isEqualTo("Bearer second-token-longer");

    Files.delete(token);
    clock.addAndGet(Authorization.FILE_CHECK_NANOS);
    assertThat(auth.header()).as("an unreadable file keeps the last token").isEqualTo("Bearer second-token-longer");
  }

  @Test
  void basicAuthenticationFromAPasswordOrAPasswordFile() throws Exception {
    assertThat(Authorization.of(settings(Optional.of("user"), Optional.of(new Secret("pw")), Optional.empty(),
        Optional.empty(), Optional.empty()), clock::get).header()).isEqualTo("Basic dXNlcjpwdw==");
    Path file = Files.writeString(dir.resolve("password"), "  pw  ");
    assertThat(Authorization.of(settings(Optional.of("user"), Optional.empty(), Optional.of(file), Optional.empty(),
        Optional.empty()), clock::get).header()).isEqualTo("Basic dXNlcjpwdw==");
    assertThat(Authorization.of(settings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty()), clock::get).header()).isNull();
  }

  @Test
  void aCredentialsFileThatWasNeverReadableFailsWithoutItsContent() {
    Authorization auth = Authorization.of(settings(Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.of(dir.resolve("missing"))), clock::get);
    assertThatThrownBy(auth::header).isInstanceOf(IOException.class).hasMessage("cannot read " + dir.resolve("missing"));
  }
}
