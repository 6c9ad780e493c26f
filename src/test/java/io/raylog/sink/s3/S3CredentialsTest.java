package io.raylog.sink.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

class S3CredentialsTest {
  @TempDir Path dir;

  @Test
  void keysFromFilesAreStrippedAndReadAgainWhenAFileChanges() throws Exception {
    Path id = Files.writeString(dir.resolve("id"), "AKIA1\n");
    Path key = Files.writeString(dir.resolve("key"), "  first-secret \n");
    AwsCredentialsProvider provider = new S3Credentials.Files(id, key).provider();
    AwsCredentials first = provider.resolveCredentials();
    assertThat(first.accessKeyId()).isEqualTo("AKIA1");
    assertThat(first.secretAccessKey()).isEqualTo("first-secret");

    Files.writeString(key, "rotated-secret");
    Files.setLastModifiedTime(key, FileTime.fromMillis(Files.getLastModifiedTime(key).toMillis() + 2000));
    assertThat(provider.resolveCredentials().secretAccessKey()).isEqualTo("rotated-secret");
    assertThat(provider.toString()).doesNotContain("secret");
  }
}
