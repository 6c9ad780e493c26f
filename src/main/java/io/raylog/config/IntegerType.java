package io.raylog.config;

import java.math.BigInteger;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A whole number within a range, bound to an int. A quoted number ({@code "2020"}) is accepted, because a
 * quoted {@code "${PORT}"} is the safe way to write an environment reference in YAML.
 */
public record IntegerType(int min, int max) implements ValueType<Integer> {

  private static final Pattern INTEGER = Pattern.compile("-?\\d+");

  public static IntegerType between(int min, int max) {
    return new IntegerType(min, max);
  }

  public static IntegerType atLeast(int min) {
    return new IntegerType(min, Integer.MAX_VALUE);
  }

  @Override
  public String describe() {
    return "integer" + Range.describe(min, max, Integer.MIN_VALUE, Integer.MAX_VALUE, Long::toString);
  }

  @Override
  public Integer read(JsonNode node, KeyPath path, Problems problems) {
    BigInteger value;
    if (node.isIntegralNumber()) {
      value = node.bigIntegerValue();
    } else if (node.isString() && INTEGER.matcher(node.stringValue().strip()).matches()) {
      value = new BigInteger(node.stringValue().strip());
    } else {
      problems.add(path, "expected an integer, got " + NodeText.describe(node));
      return null;
    }
    // Clamped so that a number beyond long still gets the range message rather than an overflow.
    long clamped = value.max(BigInteger.valueOf(Long.MIN_VALUE)).min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
    return Range.check(clamped, min, max, Integer.MIN_VALUE, Integer.MAX_VALUE, Long::toString, node, path, problems)
        ? (int) clamped
        : null;
  }
}
