package io.raylog.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Loads raylog's YAML configuration: reads the file, expands environment references, parses the YAML and binds
 * it to a {@link RaylogConfig} by {@link ConfigSchema}. Every problem in the file is collected and reported in one
 * {@link ConfigException}. Stateless and thread-safe.
 */
public final class ConfigLoader {

  private static final ObjectMapper YAML =
      YAMLMapper.builder()
          // A key given twice is almost always a merge mistake; silently keeping the last one hides it.
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          // A second document (after ---) would otherwise be ignored without a word.
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final Pattern DUPLICATE_KEY = Pattern.compile("Duplicate (?:property|field) \"([^\"]*)\"");

  private ConfigLoader() {}

  /** Loads the file, expanding references from the process environment. */
  public static RaylogConfig load(Path file) {
    return load(file, System.getenv());
  }

  /**
   * Loads the file, expanding references from {@code env}.
   *
   * @throws ConfigException listing every problem when the file cannot be read or is not a valid configuration
   */
  public static RaylogConfig load(Path file, Map<String, String> env) {
    String text = read(file);
    Problems problems = new Problems();
    EnvExpander.Expansion expansion = EnvExpander.expand(text, env);
    expansion.problems().forEach(problems::add);
    JsonNode document = parse(file, expansion.text(), problems);
    RaylogConfig config = document == null ? null : ConfigBinder.bind(document, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(file, problems.list());
    }
    return config;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw cannotRead(file, "no such file");
    } catch (AccessDeniedException e) {
      throw cannotRead(file, "permission denied");
    } catch (CharacterCodingException e) {
      throw cannotRead(file, "not UTF-8 text");
    } catch (IOException e) {
      throw cannotRead(file, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }

  private static ConfigException cannotRead(Path file, String reason) {
    return new ConfigException(file, List.of(file + ": cannot read: " + reason));
  }

  /** The document, or null after adding the syntax problem: YAML that does not parse cannot be checked further. */
  private static JsonNode parse(Path file, String text, Problems problems) {
    try {
      return YAML.readTree(text);
    } catch (JacksonException e) {
      TokenStreamLocation location = e.getLocation();
      String where =
          location == null ? "" : ": line " + location.getLineNr() + ", column " + location.getColumnNr();
      problems.add(file + where + ": " + describe(e));
      return null;
    }
  }

  /** The parser's message on one line, without the source excerpt and caret that snakeyaml adds. */
  private static String describe(JacksonException e) {
    String original = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
    Matcher duplicate = DUPLICATE_KEY.matcher(original);
    if (duplicate.find()) {
      return "duplicate key " + NodeText.quote(duplicate.group(1));
    }
    if (original.startsWith("Trailing token")) {
      return "more than one YAML document; raylog reads exactly one";
    }
    return original
        .lines()
        .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
        .collect(Collectors.joining("; "));
  }
}
