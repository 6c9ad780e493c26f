package io.raylog.sink.history;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bucket the history sink writes to. Blocking: called on the sink's own thread only. Every call either succeeds
 * or throws; a call whose answer was lost may be made again with the same effect (a PUT or a completed multipart
 * upload replaces the object under the same key: a file has one object, never two).
 */
public interface HistoryStore extends AutoCloseable {

  /** What the store holds under a key. */
  record Stored(long length, Map<String, String> metadata) {}

  Optional<Stored> head(String key);

  void put(String key, byte[] content, Map<String, String> metadata);

  String createMultipart(String key, Map<String, String> metadata);

  /** Uploads one part; returns its ETag. */
  String uploadPart(String key, String uploadId, int partNumber, byte[] content);

  /** Copies bytes {@code [from, to)} of the object now under {@code sourceKey} as one part; returns its ETag. */
  String copyPart(String key, String uploadId, int partNumber, String sourceKey, long from, long to);

  void completeMultipart(String key, String uploadId, List<String> etags);

  void abortMultipart(String key, String uploadId);

  void delete(String key);

  @Override
  void close();
}
