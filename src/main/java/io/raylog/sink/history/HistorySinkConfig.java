package io.raylog.sink.history;

import io.raylog.config.Secret;
import io.raylog.config.SinkConfig;
import io.raylog.route.RecordFilter;
import io.raylog.sink.s3.S3Store;
import java.time.Duration;

/**
 * A {@code history} sink: Ray's log files, byte for byte, in the KubeRay History Server's layout in an S3 bucket
 * ({@code io.raylog.sink.history}). Secrets are {@link Secret}s, which never print.
 *
 * @param prefix the History Server's root dir inside the bucket; empty: the bucket's root
 * @param store where the bucket's store is and the credentials (the {@code s3} sink's options)
 * @param uploadInterval how often a growing file's object is brought up to date
 * @param nodeIdWait how long a session's files wait for the raylet's node id before going under the pod's name
 * @param requestTimeout how long one request to the store may take
 */
public record HistorySinkConfig(
    String name,
    RecordFilter filter, SinkConfig.Budget budget,
    SinkConfig.Delivery delivery,
    String bucket,
    String prefix,
    S3Store store,
    Duration uploadInterval,
    Duration nodeIdWait,
    Duration requestTimeout)
    implements SinkConfig.Networked {}
