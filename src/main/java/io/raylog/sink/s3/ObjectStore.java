package io.raylog.sink.s3;

import java.util.concurrent.CompletableFuture;

/** Where sealed objects are uploaded: an S3 bucket ({@link S3ObjectStore}). Thread-safe. */
public interface ObjectStore extends AutoCloseable {

  /** Uploads one object; completes when the store has it (the PUT succeeded), or exceptionally. */
  CompletableFuture<?> put(String key, byte[] compressedNdjson);

  @Override
  void close();
}
