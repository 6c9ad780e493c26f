package io.raylog.config;

import tools.jackson.databind.JsonNode;

/** A number of bytes, written as a plain integer or with a unit ({@link ByteSize}), within a range. */
public record SizeType(long minBytes, long maxBytes) implements ValueType<Long> {

  public static SizeType any() {
    return new SizeType(0, Long.MAX_VALUE);
  }

  public static SizeType atLeast(long minBytes) {
    return new SizeType(minBytes, Long.MAX_VALUE);
  }

  public static SizeType between(long minBytes, long maxBytes) {
    return new SizeType(minBytes, maxBytes);
  }

  @Override
  public String describe() {
    return "size" + Range.describe(minBytes, maxBytes, 0, Long.MAX_VALUE, ByteSize::format);
  }

  @Override
  public Long read(JsonNode node, KeyPath path, Problems problems) {
    Long bytes = NodeText.parsed(node, path, problems, "a size such as 64KiB or 1048576", ByteSize::parse);
    return bytes != null && Range.check(bytes, minBytes, maxBytes, 0, Long.MAX_VALUE, ByteSize::format, node, path,
        problems)
        ? bytes
        : null;
  }

  @Override
  public String show(Long value) {
    return ByteSize.format(value);
  }
}
