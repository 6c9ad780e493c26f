package io.raylog.sink.history;

import io.raylog.sink.s3.S3Errors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Brings a file's object up to date with the file ({@link UploadPlan}), and learns after a restart how much of the
 * file the object already holds: its metadata names the file ({@code device:inode}) and the CRC-32 of its first
 * bytes, and an object of another file (an earlier file of the same name, another generation) is replaced whole.
 * Counts what it sends. Confined to the history sink's thread.
 */
final class FileUploads {
  static final String META_FILE = "raylog-file";
  static final String META_HEAD_CRC = "raylog-head-crc";

  /** What the uploads cost. */
  record Counts(long sentBytes, long copiedBytes, long uploads, long partCopies) {}

  private static final Logger log = LoggerFactory.getLogger(FileUploads.class);

  private final HistoryStore store;
  private final UploadPlan.Limits limits;
  private long sentBytes;
  private long copiedBytes;
  private long uploadCount;
  private long partCopies;
  /** The store answered a part copy with "not implemented": every object is sent whole from then on. */
  private boolean copyUnsupported;
  /** The last store call of this upload was a part copy (its failure may say the store has none). */
  private boolean copyFailed;

  FileUploads(HistoryStore store, UploadPlan.Limits limits) {
    this.store = store;
    this.limits = limits;
  }

  Counts counts() {
    return new Counts(sentBytes, copiedBytes, uploadCount, partCopies);
  }

  /** Uploads what the object lacks of the file, up to the file's size now. */
  void upload(HistoryFile file) throws IOException {
    long size = file.channel().size();
    if (file.storedBytes < 0) {
      file.storedBytes = storedPrefix(file, size);
      file.copySourceKey = file.key;
    }
    if (size < file.storedBytes) {
      // Truncated in place under the same progress: the object starts again from the file's content.
      file.storedBytes = 0;
    }
    if (copyUnsupported) {
      file.storedBytes = 0;
      file.copySourceKey = file.key;
    }
    UploadPlan plan = UploadPlan.of(file.storedBytes, size, limits);
    Map<String, String> metadata = Map.of(META_FILE, file.fileId,
        META_HEAD_CRC, file.headCrc(Math.min(size, HistoryFile.HEAD_CHECK_BYTES)));
    copyFailed = false;
    try {
      if (plan instanceof UploadPlan.Put put) {
        byte[] content = file.read(0, put.length());
        store.put(file.key, content, metadata);
        sentBytes += content.length;
        uploadCount++;
      } else if (plan instanceof UploadPlan.Multipart multipart) {
        multipart(file, multipart.parts(), metadata);
      } else if (!file.copySourceKey.equals(file.key)) {
        // Moved under another name with nothing new: a copy of the whole object inside the store.
        multipart(file, UploadPlan.copyAll(size, limits).parts(), metadata);
      }
    } catch (RuntimeException e) {
      if (!copyFailed || copyUnsupported || !notImplemented(e)) {
        throw e;
      }
      copyUnsupported = true;
      log.warn("the store does not implement UploadPartCopy ({}); objects are sent whole from now on",
          S3Errors.detail(e));
      upload(file);
      return;
    }
    file.storedBytes = size;
    file.copySourceKey = file.key;
  }

  private void multipart(HistoryFile file, List<UploadPlan.Part> parts, Map<String, String> metadata)
      throws IOException {
    String uploadId = store.createMultipart(file.key, metadata);
    try {
      List<String> etags = new ArrayList<>();
      for (UploadPlan.Part part : parts) {
        int number = etags.size() + 1;
        if (part.copy()) {
          copyFailed = true;
          etags.add(store.copyPart(file.key, uploadId, number, file.copySourceKey, part.from(), part.to()));
          copyFailed = false;
          copiedBytes += part.length();
          partCopies++;
        } else {
          byte[] content = file.read(part.from(), part.to());
          etags.add(store.uploadPart(file.key, uploadId, number, content));
          sentBytes += content.length;
        }
      }
      store.completeMultipart(file.key, uploadId, etags);
      uploadCount++;
    } catch (IOException | RuntimeException e) {
      try {
        store.abortMultipart(file.key, uploadId);
      } catch (RuntimeException abortFailed) {
        e.addSuppressed(abortFailed); // the store drops abandoned uploads by its lifecycle rule
      }
      throw e;
    }
  }

  private static boolean notImplemented(RuntimeException e) {
    return e instanceof S3Exception s3 && (s3.statusCode() == 501
        || (s3.awsErrorDetails() != null && "NotImplemented".equals(s3.awsErrorDetails().errorCode())));
  }

  /** How many of the file's first bytes the stored object holds: all of it when it is this file's, else none. */
  private long storedPrefix(HistoryFile file, long size) throws IOException {
    Optional<HistoryStore.Stored> stored = store.head(file.key);
    if (stored.isEmpty()) {
      return 0;
    }
    long length = stored.get().length();
    Map<String, String> metadata = stored.get().metadata();
    if (length > size || !file.fileId.equals(metadata.get(META_FILE))) {
      return 0;
    }
    String crc = file.headCrc(Math.min(length, HistoryFile.HEAD_CHECK_BYTES));
    return crc.equals(metadata.get(META_HEAD_CRC)) ? length : 0;
  }
}
