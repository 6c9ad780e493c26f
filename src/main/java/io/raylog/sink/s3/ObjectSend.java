package io.raylog.sink.s3;

import io.raylog.sink.Outbound;
import io.raylog.sink.SendOutcome;
import io.raylog.sink.Transport;
import java.util.Arrays;

/**
 * One send of the delivery stage as the s3 sink sees it: its records went into one or more objects, and it is
 * answered once every one of those objects has been uploaded or has failed. Records of failed uploads are sent again
 * (only them); the others are delivered. Confined to the s3 sink's thread.
 */
final class ObjectSend {
  final Outbound records;
  private final Transport.Completion done;
  private final boolean[] failed;
  private int objectsLeft;
  private int failedCount;
  private long uploadedBytes;
  private String failureReason;
  private String failureDetail;

  ObjectSend(Outbound records, Transport.Completion done) {
    this.records = records;
    this.done = done;
    this.failed = new boolean[records.size()];
  }

  /** Its records were spread over one more object. */
  void addObject() {
    objectsLeft++;
  }

  /** One of its objects was uploaded ({@code reason} null) or failed; answers the send after the last one. */
  void objectDone(int[] positions, long bytes, String reason, String detail) {
    if (reason == null) {
      uploadedBytes += bytes;
    } else {
      for (int position : positions) {
        if (!failed[position]) {
          failed[position] = true;
          failedCount++;
        }
      }
      if (failureReason == null) {
        failureReason = reason;
        failureDetail = detail;
      }
    }
    if (--objectsLeft == 0) {
      done.complete(outcome());
    }
  }

  private SendOutcome outcome() {
    if (failedCount == 0) {
      return SendOutcome.delivered(uploadedBytes);
    }
    if (failedCount == failed.length) {
      return new SendOutcome.Retry(failureReason, failureDetail, 0);
    }
    int[] retry = new int[failedCount];
    int n = 0;
    for (int i = 0; i < failed.length; i++) {
      if (failed[i]) {
        retry[n++] = i;
      }
    }
    return new SendOutcome.PerRecord(uploadedBytes, java.util.List.of(), Arrays.copyOf(retry, n), failureReason,
        failureDetail);
  }
}
