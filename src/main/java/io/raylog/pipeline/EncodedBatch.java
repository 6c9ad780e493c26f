package io.raylog.pipeline;

import io.netty.buffer.ByteBuf;

/** A batch and its encoding, in a pooled buffer that the stage which writes it must release. */
public record EncodedBatch(Batch batch, ByteBuf content) {}
