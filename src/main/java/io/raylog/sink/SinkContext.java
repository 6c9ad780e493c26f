package io.raylog.sink;

import io.netty.channel.EventLoopGroup;
import io.raylog.pipeline.Acknowledgements;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * What a sink's stages need from the rest of raylog.
 *
 * @param io the I/O event loops shared by the network sinks, created on first use
 * @param localBackoff the retry backoff of the local sinks (network sinks configure their own)
 * @param maxMessageBytes the longest message a record can carry: the larger of {@code tail.max_line_bytes} and
 *     {@code parse.multiline_max_bytes} (a sink whose backend limits a record's size sizes its requests by it)
 * @param stateDir raylog's {@code state_dir}, where a sink keeps what must survive a restart (the history sink's
 *     event spool), in a directory named after the sink
 */
public record SinkContext(int sinkIndex, Acknowledgements acknowledgements, SinkEvents events,
    Supplier<EventLoopGroup> io, RetryBackoff localBackoff, long maxMessageBytes, Path stateDir) {}
