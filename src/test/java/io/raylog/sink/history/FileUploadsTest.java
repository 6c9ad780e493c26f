package io.raylog.sink.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.parse.RayFileNames;
import io.raylog.record.SourceFile;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Upload decisions against an in-memory store that may lack part copies, with tiny part limits. */
class FileUploadsTest {
  static final UploadPlan.Limits TINY = new UploadPlan.Limits(10, 1000, 1000, 1000);

  @TempDir Path dir;

  /** Objects in memory; multipart uploads assembled from their parts; part copies optional. */
  static final class MemoryStore implements HistoryStore {
    final Map<String, byte[]> objects = new HashMap<>();
    final Map<String, Map<String, String>> metadata = new HashMap<>();
    final Map<String, Map<Integer, byte[]>> uploads = new HashMap<>();
    final boolean copies;
    long received;

    MemoryStore(boolean copies) {
      this.copies = copies;
    }

    @Override
    public Optional<Stored> head(String key) {
      return Optional.ofNullable(objects.get(key)).map(b -> new Stored(b.length, metadata.get(key)));
    }

    @Override
    public void put(String key, byte[] content, Map<String, String> meta) {
      objects.put(key, content.clone());
      metadata.put(key, meta);
      received += content.length;
    }

    @Override
    public String createMultipart(String key, Map<String, String> meta) {
      String id = "u" + uploads.size();
      uploads.put(id, new java.util.TreeMap<>());
      metadata.put(id, meta);
      return id;
    }

    @Override
    public String uploadPart(String key, String uploadId, int partNumber, byte[] content) {
      uploads.get(uploadId).put(partNumber, content.clone());
      received += content.length;
      return "e" + partNumber;
    }

    @Override
    public String copyPart(String key, String uploadId, int partNumber, String sourceKey, long from, long to) {
      if (!copies) {
        throw (S3Exception) S3Exception.builder().statusCode(501)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode("NotImplemented").errorMessage("no").build()).build();
      }
      byte[] source = objects.get(sourceKey);
      uploads.get(uploadId).put(partNumber, java.util.Arrays.copyOfRange(source, (int) from, (int) to));
      return "e" + partNumber;
    }

    @Override
    public void completeMultipart(String key, String uploadId, List<String> etags) {
      ByteArrayOutputStream whole = new ByteArrayOutputStream();
      uploads.remove(uploadId).values().forEach(whole::writeBytes);
      objects.put(key, whole.toByteArray());
      metadata.put(key, metadata.remove(uploadId));
    }

    @Override
    public void abortMultipart(String key, String uploadId) {
      uploads.remove(uploadId);
    }

    @Override
    public void delete(String key) {
      objects.remove(key);
    }

    @Override
    public void close() {}
  }

  HistoryFile file(Path path) throws Exception {
    String id = FileIds.of(path);
    SourceFile source = new SourceFile("session_2026-11-25_10-00-00_123456_1", path.getFileName().toString(),
        RayFileNames.classify("raylet.out"), "/tmp/ray/x", null, false, path, id);
    HistoryFile file = new HistoryFile(source, 0);
    file.key = "k/" + path.getFileName();
    file.copySourceKey = file.key;
    return file;
  }

  @Test
  void growthIsSentOnceAndTheStoredObjectIsCopied() throws Exception {
    Path path = dir.resolve("raylet.out");
    Files.writeString(path, "0123456789abcdef\n");
    MemoryStore store = new MemoryStore(true);
    FileUploads uploads = new FileUploads(store, TINY);
    HistoryFile file = file(path);
    uploads.upload(file);
    Files.writeString(path, "more\n", java.nio.file.StandardOpenOption.APPEND);
    uploads.upload(file);
    assertThat(store.objects.get(file.key)).isEqualTo(Files.readAllBytes(path));
    assertThat(store.received).isEqualTo(17 + 5);
    assertThat(uploads.counts().partCopies()).isEqualTo(1);
  }

  @Test
  void aStoreWithoutPartCopiesGetsWholeObjectsFromTheFirstRefusalOn() throws Exception {
    Path path = dir.resolve("raylet.out");
    Files.writeString(path, "0123456789abcdef\n");
    MemoryStore store = new MemoryStore(false);
    FileUploads uploads = new FileUploads(store, TINY);
    HistoryFile file = file(path);
    uploads.upload(file);
    for (int i = 0; i < 3; i++) {
      Files.writeString(path, "more\n", java.nio.file.StandardOpenOption.APPEND);
      uploads.upload(file);
      assertThat(store.objects.get(file.key)).isEqualTo(Files.readAllBytes(path));
    }
    assertThat(store.received).isEqualTo(17 + 22 + 27 + 32);
    assertThat(uploads.counts().partCopies()).isZero();
  }

  @Test
  void anObjectOfAnotherFileIsReplacedWholeAndOneOfThisFileIsContinued() throws Exception {
    Path path = dir.resolve("raylet.out");
    Files.writeString(path, "0123456789abcdef\n");
    MemoryStore store = new MemoryStore(true);
    HistoryFile first = file(path);
    new FileUploads(store, TINY).upload(first);
    Files.writeString(path, "grown\n", java.nio.file.StandardOpenOption.APPEND);

    FileUploads restarted = new FileUploads(store, TINY);
    HistoryFile again = file(path);
    again.storedBytes = -1;
    restarted.upload(again);
    assertThat(restarted.counts().partCopies()).isEqualTo(1);
    assertThat(store.objects.get(again.key)).isEqualTo(Files.readAllBytes(path));

    Files.delete(path);
    Files.writeString(path, "another file\n");
    HistoryFile other = file(path);
    other.storedBytes = -1;
    FileUploads third = new FileUploads(store, TINY);
    third.upload(other);
    assertThat(third.counts().partCopies()).isZero();
    assertThat(store.objects.get(other.key)).isEqualTo(Files.readAllBytes(path));
  }
}
