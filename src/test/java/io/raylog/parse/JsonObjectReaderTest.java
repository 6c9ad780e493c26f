package io.raylog.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.parse.JsonObjectReader.Kind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * raylog's JSON object reader against Jackson, the parser it stands in for on log lines: on generated objects and
 * on those objects damaged a byte at a time, both must agree on what is a JSON object, and on every member's key,
 * kind and value.
 */
class JsonObjectReaderTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** Bytes that matter to JSON's grammar, and a few that do not, for the damage. */
  private static final String DAMAGE = "{}[]\":,\\ \t\n-+.0123456789eEtfnulrsaxu\u0001é";

  @Test
  void agreesWithJacksonOnGeneratedAndDamagedObjects() {
    Random random = new Random(42);
    int valid = 0;
    int invalid = 0;
    for (int n = 0; n < 20_000; n++) {
      String json = object(random, 0);
      check(json);
      if (jacksonMembers(json) != null) {
        valid++;
      }
      String damaged = damage(random, json);
      if (jacksonMembers(damaged) == null) {
        invalid++;
      }
      check(damaged);
    }
    assertThat(valid).as("generated objects Jackson takes").isEqualTo(20_000);
    assertThat(invalid).as("damaged objects Jackson refuses").isGreaterThan(5_000);
  }

  @Test
  void agreesWithJacksonOnHandPickedEdges() {
    for (String json : List.of("{}", " { } ", "{\"a\":1}", "{\"a\":-0}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}",
        "{\"a\":1e5}", "{\"a\":1E+5}", "{\"a\":1e}", "{\"a\":-}", "{\"a\":+1}", "{\"a\":tru}", "{\"a\":truex}",
        "{\"a\":nul}", "{\"a\":null,}", "{,}", "{\"a\"}", "{\"a\":}", "{\"a\" : [ ] , \"b\" : { } }",
        "{\"a\":[1,]}", "{\"a\":[,1]}", "{\"a\":\"\\u00e9\\n\\\"\\/\"}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12g4\"}",
        "{\"a\":\"\\u12\"}", "{\"a\":\"tab\there\"}", "{\"a\":\"\u0001\"}", "{\"a\":1}}", "{\"a\":1} {}",
        "{\"a\":1}x", "{'a':1}", "{a:1}", "{\"\\u0061\":\"x\"}", "{\"a\":9223372036854775807}",
        "{\"a\":9223372036854775808}", "{\"a\":-9223372036854775808}", "{\"a\":-9223372036854775809}",
        "{\"a\":12345678901234567890123}", "{\"a\":\"\\ud83d\\ude00\"}", "[1]", "\"x\"", "", " ", "{",
        "{\"a\":1", "{\"a\":\"x}", "{\"a\":[}", "{\"a\":{\"b\":[true,false,null,{\"c\":\"d\"}]}}")) {
      check(json);
    }
  }

  @Test
  void nestsAsDeepAsJacksonAllowsAndNoDeeper() {
    for (int depth = JsonObjectReader.MAX_DEPTH - 2; depth <= JsonObjectReader.MAX_DEPTH + 2; depth++) {
      String objects = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
      String arrays = "{\"a\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";
      check(objects);
      check(arrays);
    }
    int max = JsonObjectReader.MAX_DEPTH;
    assertThat(reads("{\"a\":".repeat(max) + "1" + "}".repeat(max))).isTrue();
    assertThat(reads("{\"a\":".repeat(max + 1) + "1" + "}".repeat(max + 1))).isFalse();
  }

  @Test
  void aSurrogateEscapeWithoutItsPairDecodesToTheReplacementCharacter() {
    JsonObjectReader reader = reader("{\"a\":\"x\\ud83dy\",\"b\":\"\\ude00\"}");
    assertThat(reader.next()).isTrue();
    assertThat(reader.text().toString()).isEqualTo("x\uFFFDy");
    assertThat(reader.next()).isTrue();
    assertThat(reader.text().toString()).isEqualTo("\uFFFD");
    assertThat(reader.next()).isFalse();
  }

  @Test
  void aValueThatNeedsNoDecodingIsASliceOfTheLineAndNullHasNoText() {
    byte[] line = "{\"m\": \"plain text\", \"n\": null, \"x\": [1, 2]}".getBytes(StandardCharsets.UTF_8);
    JsonObjectReader reader = new JsonObjectReader(line, 0, line.length);
    reader.next();
    JsonObjectReader.Text text = reader.text();
    assertThat(text.bytes()).isSameAs(line);
    assertThat(text.toString()).isEqualTo("plain text");
    reader.next();
    assertThat(reader.kind()).isEqualTo(Kind.NULL);
    assertThat(reader.text().toString()).isEmpty();
    reader.next();
    assertThat(reader.text().toString()).isEqualTo("[1, 2]");
  }

  /** One member: a string's text decoded, any other value as Jackson's tree of it (none for null). */
  private record Member(String key, Kind kind, String text, JsonNode value, Long longValue) {}

  /**
   * Both agree whether {@code json} is one JSON object and, if so, on its members. One difference is meant: Jackson
   * refuses a key holding a surrogate escape without its pair (high or low) (it accepts one in a value); the grammar allows it,
   * and the reader takes it, since a key is only ever copied as the line has it.
   */
  private static void check(String json) {
    String refusal = refusal(json);
    if (refusal.startsWith("Broken surrogate pair in property name")
        || refusal.startsWith("Unexpected low surrogate in property name")) {
      return;
    }
    assertThat(readerMembers(json)).as("members of %s", json).isEqualTo(jacksonMembers(json));
  }

  private static String refusal(String json) {
    try {
      MAPPER.readTree(json);
      return "";
    } catch (JacksonException e) {
      return e.getOriginalMessage();
    }
  }

  private static boolean reads(String json) {
    return readerMembers(json) != null;
  }

  private static JsonObjectReader reader(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    return new JsonObjectReader(bytes, 0, bytes.length);
  }

  /** The members as raylog's reader gives them, or null if it finds no JSON object. */
  private static List<Member> readerMembers(String json) {
    // Padded on both sides, so that a reader that strays out of its slice would be caught.
    byte[] bytes = ("x" + json + "\"").getBytes(StandardCharsets.UTF_8);
    int length = bytes.length - 2;
    JsonObjectReader reader = new JsonObjectReader(bytes, 1, length);
    List<Member> members = new ArrayList<>();
    try {
      while (reader.next()) {
        String key = key(bytes, reader);
        String raw = new String(bytes, reader.valueFrom(), reader.valueLength(), StandardCharsets.UTF_8);
        boolean string = reader.kind() == Kind.STRING;
        members.add(new Member(key, reader.kind(), string ? reader.text().toString() : null,
            string || reader.kind() == Kind.NULL ? null : MAPPER.readTree(raw),
            reader.isLong() ? reader.longValue() : null));
      }
      return reader.atEnd() ? members : null;
    } catch (JsonObjectReader.NotJson e) {
      return null;
    }
  }

  /** The key, decoded: as an attribute the line's own text of it is written, so read that text back as JSON. */
  private static String key(byte[] bytes, JsonObjectReader reader) {
    String quoted = "\"" + new String(bytes, reader.keyFrom(), reader.keyLength(), StandardCharsets.UTF_8) + "\"";
    return MAPPER.readTree(quoted).asString();
  }

  /** The members as Jackson gives them, or null if it finds no JSON object. */
  private static List<Member> jacksonMembers(String json) {
    List<Member> members = new ArrayList<>();
    try (JsonParser p = MAPPER.createParser(json.getBytes(StandardCharsets.UTF_8))) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String key = p.currentName();
        JsonToken token = p.nextToken();
        Kind kind = switch (token) {
          case VALUE_STRING -> Kind.STRING;
          case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> Kind.NUMBER;
          case START_OBJECT -> Kind.OBJECT;
          case START_ARRAY -> Kind.ARRAY;
          case VALUE_TRUE, VALUE_FALSE -> Kind.LITERAL;
          default -> Kind.NULL;
        };
        Long longValue = token == JsonToken.VALUE_NUMBER_INT
            && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER ? p.getLongValue() : null;
        String text = kind == Kind.STRING ? withoutLoneSurrogates(p.getString()) : null;
        JsonNode value = kind == Kind.STRING || kind == Kind.NULL ? null : p.readValueAsTree();
        members.add(new Member(key, kind, text, value, longValue));
      }
      return p.nextToken() == null ? members : null;
    } catch (JacksonException e) {
      return null;
    }
  }

  /** The text with each surrogate that lacks its pair replaced by U+FFFD, as the reader decodes it. */
  private static String withoutLoneSurrogates(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        out.append(c).append(text.charAt(++i));
      } else {
        out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
      }
    }
    return out.toString();
  }

  private static String object(Random random, int depth) {
    StringBuilder json = new StringBuilder("{");
    int members = random.nextInt(depth == 0 ? 8 : 4);
    for (int i = 0; i < members; i++) {
      json.append(i > 0 ? "," : "").append(space(random)).append(string(random)).append(space(random)).append(':')
          .append(space(random)).append(value(random, depth));
    }
    return json.append(space(random)).append('}').toString();
  }

  private static String value(Random random, int depth) {
    int kind = random.nextInt(depth < 3 ? 9 : 7);
    return switch (kind) {
      case 0, 1 -> string(random);
      case 2 -> number(random);
      case 3 -> "true";
      case 4 -> "false";
      case 5 -> "null";
      case 6 -> Long.toString(random.nextLong());
      case 7 -> object(random, depth + 1);
      default -> {
        StringBuilder array = new StringBuilder("[");
        for (int i = 0, n = random.nextInt(4); i < n; i++) {
          array.append(i > 0 ? "," : "").append(space(random)).append(value(random, depth + 1));
        }
        yield array.append(space(random)).append(']').toString();
      }
    };
  }

  private static String string(Random random) {
    String[] parts = {"a", "message", "job_id", "é", "日本", "😀", "\\n", "\\t", "\\\"", "\\\\", "\\/", "\\u00e9",
        "\\u0041", "\\ud83d\\ude00", " ", "x y", "{", "}", ":", ","};
    StringBuilder text = new StringBuilder("\"");
    for (int i = 0, n = random.nextInt(5); i < n; i++) {
      text.append(parts[random.nextInt(parts.length)]);
    }
    return text.append('"').toString();
  }

  private static String number(Random random) {
    StringBuilder number = new StringBuilder(random.nextBoolean() ? "-" : "");
    number.append(random.nextInt(4) == 0 ? "0" : Integer.toString(1 + random.nextInt(100_000)));
    if (random.nextBoolean()) {
      number.append('.').append(random.nextInt(1000));
    }
    if (random.nextInt(4) == 0) {
      number.append(random.nextBoolean() ? 'e' : 'E').append(random.nextBoolean() ? "+" : random.nextBoolean() ? "-"
          : "").append(random.nextInt(300));
    }
    return number.toString();
  }

  private static String space(Random random) {
    return random.nextInt(4) == 0 ? new String[] {" ", "\t", "\n", "\r", "  "}[random.nextInt(5)] : "";
  }

  /** The object with one byte changed, removed or added, or cut short. */
  private static String damage(Random random, String json) {
    int at = random.nextInt(json.length());
    String c = String.valueOf(DAMAGE.charAt(random.nextInt(DAMAGE.length())));
    return switch (random.nextInt(4)) {
      case 0 -> json.substring(0, at) + c + json.substring(at + 1);
      case 1 -> json.substring(0, at) + json.substring(at + 1);
      case 2 -> json.substring(0, at) + c + json.substring(at);
      default -> json.substring(0, at);
    };
  }
}
