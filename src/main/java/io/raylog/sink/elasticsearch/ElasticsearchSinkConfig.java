package io.raylog.sink.elasticsearch;

import io.raylog.config.SinkConfig;
import io.raylog.route.RecordFilter;
import java.net.URI;
import java.util.Optional;

/** The _bulk API of Elasticsearch or OpenSearch. */
public record ElasticsearchSinkConfig(String name, RecordFilter filter, SinkConfig.Budget budget, SinkConfig.Delivery delivery, SinkConfig.HttpClientSettings client, URI url,
    String index, boolean dataStream, Optional<String> pipeline, Optional<String> awsRegion,
    ElasticsearchSinkSchema.AwsService awsService) implements SinkConfig.OverHttp {}
