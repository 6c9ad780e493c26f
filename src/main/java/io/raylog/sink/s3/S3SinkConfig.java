package io.raylog.sink.s3;

import io.raylog.config.Secret;
import io.raylog.config.SinkConfig;
import io.raylog.route.RecordFilter;
import java.time.Duration;
import java.util.Optional;

/**
 * An {@code s3} sink: records as compressed NDJSON objects (gzip or zstd) in {@code bucket}, laid out by
 * {@code layout}, rolled by size and time. Secrets are {@link Secret}s, which never print.
 *
 * @param prefix prepended to every object key; empty: keys start with the layout
 * @param store where the bucket's store is and the credentials
 * @param layout the key template below {@code prefix} ({@code io.raylog.sink.s3.ObjectLayout})
 * @param maxObjectBytes an object is uploaded when its compressed size reaches this
 * @param compression how objects are compressed
 * @param compressionLevel the level of {@code compression}, 1 (fastest) to its {@link ObjectCompression#maxLevel}
 * @param rollInterval an object is uploaded at the latest this long after its first record
 * @param requestTimeout how long one upload may take
 */
public record S3SinkConfig(
    String name,
    RecordFilter filter, SinkConfig.Budget budget,
    SinkConfig.Delivery delivery,
    String bucket,
    Optional<String> prefix,
    S3Store store,
    String layout,
    long maxObjectBytes,
    ObjectCompression compression,
    int compressionLevel,
    Duration rollInterval,
    Duration requestTimeout)
    implements SinkConfig.Networked {}
