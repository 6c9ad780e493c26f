package io.raylog.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EnvExpanderTest {

  private static final Map<String, String> ENV = Map.of("NODE", "node-1", "EMPTY", "", "DIR", "/tmp/ray");

  static Stream<Arguments> cases() {
    return Stream.of(
        expands("set", "node: ${NODE}", "node: node-1"),
        expands("set, default ignored", "node: ${NODE:-other}", "node: node-1"),
        expands("unset, default used", "node: ${MISSING:-other}", "node: other"),
        expands("empty, default used", "node: ${EMPTY:-other}", "node: other"),
        expands("empty without default is empty", "node: '${EMPTY}'", "node: ''"),
        expands("empty default", "node: '${MISSING:-}'", "node: ''"),
        expands("default may contain :-", "x: ${MISSING:-a:-b}", "x: a:-b"),
        expands("two on one line", "path: ${DIR}/${NODE}", "path: /tmp/ray/node-1"),
        expands("escaped", "x: $${NODE}", "x: ${NODE}"),
        expands("escaped then expanded", "x: $${NODE} ${NODE}", "x: ${NODE} node-1"),
        expands("$ without brace is literal", "x: $NODE and $", "x: $NODE and $"),
        expands("keeps CRLF", "a: ${NODE}\r\nb: 2\r\n", "a: node-1\r\nb: 2\r\n"),
        expands("comment line untouched", "  # ${MISSING}\nx: ${NODE}\n", "  # ${MISSING}\nx: node-1\n"),
        fails(
            "unset without default",
            "a: 1\nnode: ${NODE_NAME}\n",
            "a: 1\nnode: ${NODE_NAME}\n",
            "line 2: ${NODE_NAME} is not set and has no default"),
        fails(
            "every line reported",
            "a: ${A}\nb: 2\nc: ${C}",
            "a: ${A}\nb: 2\nc: ${C}",
            "line 1: ${A} is not set and has no default",
            "line 3: ${C} is not set and has no default"),
        fails(
            "invalid name",
            "x: ${1X}",
            "x: ${1X}",
            "line 1: ${1X} is not a valid reference (write ${NAME} or ${NAME:-default}, or $${ for a literal ${)"),
        fails(
            "no closing brace",
            "x: ${NODE\ny: 2",
            "x: ${NODE\ny: 2",
            "line 1: ${NODE has no closing } (write $${ for a literal ${)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void expands(String name, String text, String expected, List<String> problems) {
    EnvExpander.Expansion expansion = EnvExpander.expand(text, ENV);

    assertThat(expansion.text()).isEqualTo(expected);
    assertThat(expansion.problems()).containsExactlyElementsOf(problems);
  }

  private static Arguments expands(String name, String text, String expected) {
    return Arguments.of(name, text, expected, List.of());
  }

  private static Arguments fails(String name, String text, String expected, String... problems) {
    return Arguments.of(name, text, expected, List.of(problems));
  }
}
