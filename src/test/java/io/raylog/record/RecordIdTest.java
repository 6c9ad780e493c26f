package io.raylog.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The id's recipe: its encoding, and what it depends on and what it does not. */
class RecordIdTest {
  private static final Fingerprint COMPLETE = new Fingerprint(Fingerprint.MAX_BYTES, 0x1234_5678L);

  private static SourceFile source(String session, String relativePath, String hostFileId) {
    return new SourceFile(session, relativePath, RayFileName.UNKNOWN, "/tmp/ray/" + session + "/logs/" + relativePath,
        null, false, null, hostFileId);
  }

  @Test
  void isTheBase64urlOfTwoMixedWordsAs22Characters() {
    SourceFile source = source("session_1", "raylet.out", "2049:77");
    long[] key = RecordId.fileKey("session_1", "2049:77");
    long f = ((long) Fingerprint.MAX_BYTES << 32) | COMPLETE.crc();
    long first = RecordId.fmix64(RecordId.fmix64(key[0] ^ f) ^ 5000);
    long second = RecordId.fmix64(RecordId.fmix64(key[1] + f) + 5100);
    String expected = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(ByteBuffer.allocate(16).putLong(first).putLong(second).array());

    String id = RecordId.ofFile(source, COMPLETE).text(5000, 5100);

    assertThat(id).hasSize(RecordId.LENGTH).isEqualTo(expected);
    assertThat(RecordId.ofFile(source, COMPLETE).ascii(5000, 5100)).as("the same id as bytes (Kafka's header)")
        .isEqualTo(expected.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  @Test
  void dependsOnTheIdentityNotThePath() {
    RecordId before = RecordId.ofFile(source("session_1", "raylet.out", "2049:77"), COMPLETE);
    RecordId renamed = RecordId.ofFile(source("session_1", "old/raylet.out.1", "2049:77"), COMPLETE);
    RecordId otherInode = RecordId.ofFile(source("session_1", "raylet.out", "2049:78"), COMPLETE);
    RecordId otherSession = RecordId.ofFile(source("session_2", "raylet.out", "2049:77"), COMPLETE);
    RecordId otherContent = RecordId.ofFile(source("session_1", "raylet.out", "2049:77"),
        new Fingerprint(Fingerprint.MAX_BYTES, 0x1234_5679L));

    assertThat(renamed.text(0, 10)).isEqualTo(before.text(0, 10));
    assertThat(Set.of(before.text(0, 10), otherInode.text(0, 10), otherSession.text(0, 10),
        otherContent.text(0, 10))).hasSize(4);
  }

  @Test
  void differsForEveryOffsetAndEveryEnd() {
    RecordId seed = RecordId.ofFile(source("session_1", "raylet.out", "2049:77"), COMPLETE);
    Set<String> ids = new HashSet<>();
    for (long offset = 0; offset < 10_000; offset++) {
      ids.add(seed.text(offset, offset + 1));
      ids.add(seed.text(offset, offset + 100));
    }
    assertThat(ids).hasSize(20_000);
  }

  @Test
  void aRecordInTheFirstKibTakesItsOwnBytes() {
    SourceFile source = source("session_1", "raylet.out", "2049:77");
    byte[] hello = "xxhello\n".getBytes(StandardCharsets.UTF_8);

    RecordId sameBytes = RecordId.ofRecordBytes(source, "hello".getBytes(StandardCharsets.UTF_8), 0, 5);
    assertThat(RecordId.ofRecordBytes(source, hello, 2, 5)).isEqualTo(sameBytes);
    assertThat(RecordId.ofRecordBytes(source, hello, 2, 6)).isNotEqualTo(sameBytes);
    assertThat(RecordId.ofRecordBytes(source("session_1", "raylet.out", "2049:78"), hello, 2, 5))
        .isNotEqualTo(sameBytes);
  }

  @Test
  void aSourceWithoutIdentityHasNoId() {
    SourceFile anonymous = new SourceFile("session_1", "raylet.out", RayFileName.UNKNOWN, "/tmp/ray/x");
    assertThat(RecordId.ofFile(anonymous, COMPLETE)).isNull();
  }

  @Test
  void theNdjsonRecordCarriesItAsLogId() {
    SourceFile source = source("session_1", "raylet.out", "2049:77");
    LogRecord record = LogRecord.of(source, new FileProgress(1, 0), 2000, 2010, 1_700_000_000_000L,
        LogRecord.UNKNOWN_TIME, "hello", false);
    record.idSeed = RecordId.ofFile(source, COMPLETE);
    JsonBytes out = new JsonBytes(512);

    new NdjsonEncoder().encode(record, out);

    assertThat(new String(out.toByteArray(), StandardCharsets.UTF_8))
        .contains("\"offset\":2000,\"id\":\"" + record.id() + "\"}");
  }
}
