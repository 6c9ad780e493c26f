package io.raylog.sink.s3;

import io.raylog.config.Secret;
import io.raylog.config.SinkConfig;
import io.raylog.route.RecordFilter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * An {@code s3} sink: records as gzip NDJSON objects in {@code bucket}, laid out by {@code layout}, rolled by size
 * and time. Secrets are {@link Secret}s, which never print.
 *
 * @param prefix prepended to every object key; empty: keys start with the layout
 * @param endpoint an S3-compatible store's URL; empty: AWS S3 in {@code region}
 * @param accessKeyId static credentials, with {@code secretAccessKey}; all four empty: the AWS default chain
 * @param accessKeyIdFile static credentials read from files, read again when they change
 * @param layout the key template below {@code prefix} ({@code io.raylog.sink.s3.ObjectLayout})
 * @param maxObjectBytes an object is uploaded when its compressed size reaches this
 * @param compressionLevel the gzip (deflate) level, 1 (fastest) to 9
 * @param rollInterval an object is uploaded at the latest this long after its first record
 * @param requestTimeout how long one upload may take
 */
public record S3SinkConfig(
    String name,
    RecordFilter filter, SinkConfig.Budget budget,
    SinkConfig.Delivery delivery,
    String bucket,
    Optional<String> prefix,
    Optional<URI> endpoint,
    String region,
    boolean forcePathStyle,
    Optional<Secret> accessKeyId,
    Optional<Secret> secretAccessKey,
    Optional<Path> accessKeyIdFile,
    Optional<Path> secretAccessKeyFile,
    String layout,
    long maxObjectBytes,
    int compressionLevel,
    Duration rollInterval,
    Duration requestTimeout)
    implements SinkConfig.Networked {}
