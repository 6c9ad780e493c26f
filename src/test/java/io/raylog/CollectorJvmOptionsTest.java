package io.raylog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * collector/jvm.options names raylog's methods in its JIT directives; the JVM ignores a directive whose method does
 * not exist, so a rename would silently undo it. Each must name a class and method that are there.
 */
class CollectorJvmOptionsTest {
  private static final Pattern DIRECTIVE = Pattern.compile("^-XX:CompileCommand=\\w+,([\\w.$]+)::([\\w*]+)$");

  @Test
  void everyMethodTheJitDirectivesNameExists() throws Exception {
    List<String> directives = lines().stream().filter(l -> l.startsWith("-XX:CompileCommand=") && l.contains("::"))
        .toList();
    assertThat(directives).as("the parsers' directives are there").isNotEmpty();
    for (String directive : directives) {
      Matcher matcher = DIRECTIVE.matcher(directive);
      assertThat(matcher.matches()).as("a directive of the form -XX:CompileCommand=<command>,<class>::<method>: %s",
          directive).isTrue();
      Class<?> type = Class.forName(matcher.group(1), false, getClass().getClassLoader());
      String method = matcher.group(2);
      if (!method.equals("*")) {
        assertThat(Arrays.stream(type.getDeclaredMethods()).map(Method::getName))
            .as("%s names a method of %s", directive, type.getName()).contains(method);
      }
    }
  }

  @Test
  void theDirectivesAreQuietSinceStdoutMayBeASink() throws IOException {
    List<String> lines = lines();
    if (lines.stream().anyMatch(l -> l.startsWith("-XX:CompileCommand="))) {
      assertThat(lines).contains("-XX:CompileCommand=quiet");
    }
  }

  private static List<String> lines() throws IOException {
    return Files.readAllLines(Path.of("collector/jvm.options")).stream().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }
}
