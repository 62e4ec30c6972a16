package org.creditbank.ledger.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser for untrusted JSON: RFC 8259 JSON text that is also I-JSON (RFC 7493), within
 * {@link JsonLimits}.
 *
 * <p>It rejects, with a {@link JsonFormatException} that names what was found, where (byte offset,
 * and the JSON pointer where useful) and what was wanted: a document larger than {@code maxBytes}
 * (checked before anything else); an empty or whitespace-only document; a byte order mark;
 * ill-formed UTF-8 (RFC 3629: overlong forms, encoded surrogates, bytes above F4, truncated
 * sequences); any syntax outside RFC 8259 (comments, single quotes, unquoted names, trailing
 * commas, leading zeros or '+', NaN and Infinity, unescaped control characters); duplicate member
 * names at any depth (RFC 7493 §2.3); lone surrogates, escaped or not, in strings and names (RFC
 * 7493 §2.1); nesting deeper than {@code maxDepth} (see {@link JsonLimits} for what depth means);
 * anything but whitespace after the value; numbers beyond the double range (RFC 7493 §2.2: a
 * literal whose double overflows, a nonzero literal that underflows to zero, or a decimal scale
 * beyond ±1100), integer literals of magnitude above 2^53, and other literals whose double is above
 * 2^53 and below 1e21 in magnitude (RFC 8785 writes those as integer literals, so the canonical
 * form of every accepted document is accepted too).
 *
 * <p>The result is a Jackson tree. Objects keep their members in document order. An integer literal
 * (no fraction, no exponent) becomes an {@code IntNode} or {@code LongNode}; any other number a
 * {@code DecimalNode} holding the exact decimal written, so {@code decimalValue()} of {@code 0.1}
 * is exactly 0.1 ({@link Jcs} still canonicalizes it through the nearest double). Instances are
 * immutable and thread-safe.
 */
public final class StrictJson {
  private static final StrictJson DEFAULT = new StrictJson(JsonLimits.DEFAULT);

  /** 2^53: larger integers are not all exactly representable as doubles (RFC 7493 §2.2). */
  private static final long MAX_EXACT_INTEGER = 1L << 53;

  /**
   * Bound on the scale of a decimal. Nonzero numbers within the double range and Jackson's limit of
   * 1000 digits stay well inside it; it stops literals such as {@code 0e-999999999} whose huge
   * scale would make later BigDecimal arithmetic allocate without bound.
   */
  private static final int MAX_SCALE = 1100;

  /** Jackson names a bad character as "(code 10)". */
  private static final Pattern CODE = Pattern.compile("code (\\d+)");

  private final JsonLimits limits;
  private final JsonFactory factory;

  /**
   * Creates a parser with the given limits.
   *
   * @param limits size and depth limits
   */
  public StrictJson(JsonLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
    // Jackson's own nesting check is a backstop one level beyond ours, so that ours, with its
    // precise message, always fires first.
    this.factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(limits.maxDepth() + 1)
                    .maxDocumentLength(limits.maxBytes())
                    .build())
            .build();
  }

  /**
   * Returns a parser with {@link JsonLimits#DEFAULT} (64 KiB, depth 32).
   *
   * @return a shared instance
   */
  public static StrictJson withDefaults() {
    return DEFAULT;
  }

  /**
   * Returns the limits this parser enforces.
   *
   * @return the limits
   */
  public JsonLimits limits() {
    return limits;
  }

  /**
   * Parses one untrusted JSON document.
   *
   * @param utf8 the document as UTF-8 bytes (not modified, not retained)
   * @return the value: an object, array, string, number, boolean or null node
   * @throws JsonFormatException if the document breaks a limit or a rule listed on this class
   * @throws NullPointerException if {@code utf8} is null
   */
  public JsonNode parse(byte[] utf8) throws JsonFormatException {
    Objects.requireNonNull(utf8, "utf8");
    if (utf8.length > limits.maxBytes()) {
      throw new JsonFormatException(
          String.format(
              Locale.ROOT,
              "document of %d bytes, want at most %d bytes",
              utf8.length,
              limits.maxBytes()),
          -1);
    }
    if (utf8.length == 0) {
      throw new JsonFormatException("empty document, want a JSON value", -1);
    }
    if (utf8.length >= 3
        && (utf8[0] & 0xff) == 0xEF
        && (utf8[1] & 0xff) == 0xBB
        && (utf8[2] & 0xff) == 0xBF) {
      throw new JsonFormatException(
          "byte order mark EF BB BF at byte 0, want JSON text without a BOM (RFC 8259 §8.1)", 0);
    }
    char[] chars = decodeUtf8(utf8);
    return new Reader(chars).read();
  }

  /** Decodes strictly, so that Jackson only ever sees well-formed text. */
  private static char[] decodeUtf8(byte[] utf8) throws JsonFormatException {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(utf8);
    CharBuffer out = CharBuffer.allocate(utf8.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int at = in.position();
      int end = Math.min(utf8.length, at + Math.max(1, result.length()));
      StringBuilder found = new StringBuilder();
      for (int i = at; i < end; i++) {
        found.append(String.format(Locale.ROOT, i == at ? "%02X" : " %02X", utf8[i] & 0xff));
      }
      String what = utf8Problem(utf8, at, end);
      throw new JsonFormatException(
          String.format(
              Locale.ROOT, "%s %s at byte %d, want well-formed UTF-8 (RFC 3629)", what, found, at),
          at);
    }
    char[] chars = new char[out.position()];
    out.flip().get(chars);
    return chars;
  }

  /** Names what is wrong with the ill-formed sequence at {@code at} (RFC 3629 §4 table). */
  private static String utf8Problem(byte[] b, int at, int end) {
    int lead = b[at] & 0xff;
    int second = at + 1 < b.length ? b[at + 1] & 0xff : -1;
    if (lead >= 0x80 && lead <= 0xBF) {
      return "unexpected UTF-8 continuation byte";
    }
    if (lead == 0xC0 || lead == 0xC1 || (lead == 0xE0 && second >= 0x80 && second < 0xA0)) {
      return "overlong UTF-8 sequence";
    }
    if (lead == 0xF0 && second >= 0x80 && second < 0x90) {
      return "overlong UTF-8 sequence";
    }
    if (lead == 0xED && second >= 0xA0 && second <= 0xBF) {
      return "UTF-8-encoded surrogate";
    }
    if (lead >= 0xF5 || (lead == 0xF4 && second >= 0x90 && second <= 0xBF)) {
      return "UTF-8 sequence beyond U+10FFFF";
    }
    if (end == b.length && isTruncated(b, at)) {
      return "truncated UTF-8 sequence";
    }
    return "invalid UTF-8 sequence";
  }

  /** True if the bytes from {@code at} are a correct but incomplete multi-byte sequence. */
  private static boolean isTruncated(byte[] b, int at) {
    int lead = b[at] & 0xff;
    int need = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3 : 4;
    if (lead < 0xC2 || lead > 0xF4) {
      return false;
    }
    int have = b.length - at;
    if (have >= need) {
      return false;
    }
    for (int i = at + 1; i < b.length; i++) {
      if ((b[i] & 0xc0) != 0x80) {
        return false;
      }
    }
    return true;
  }

  /** One parse: walks Jackson's tokens and builds the tree, checking the I-JSON rules. */
  private final class Reader {
    private final char[] chars;
    private JsonParser parser;

    /** Char offset just after the last token read, and whether an object member name is due. */
    private long lastEnd;

    private boolean expectingName;

    Reader(char[] chars) {
      this.chars = chars;
    }

    JsonNode read() throws JsonFormatException {
      try (JsonParser p = factory.createParser(chars, 0, chars.length)) {
        parser = p;
        JsonToken first = next();
        if (first == null) {
          throw new JsonFormatException(
              "document of only whitespace, want a JSON value", byteOffset(chars.length));
        }
        JsonNode root = value(first, 0);
        int at = skipWhitespace((int) p.currentLocation().getCharOffset());
        if (at < chars.length) {
          throw new JsonFormatException(
              String.format(
                  Locale.ROOT,
                  "trailing content at byte %d, want only whitespace after the JSON value",
                  byteOffset(at)),
              byteOffset(at));
        }
        return root;
      } catch (IOException e) {
        throw new JsonFormatException(
            "cannot read the document: " + e.getMessage(), -1, e); // not reachable for char input
      }
    }

    private JsonToken next() throws JsonFormatException {
      try {
        JsonToken t = parser.nextToken();
        lastEnd = parser.currentLocation().getCharOffset();
        return t;
      } catch (StreamReadException e) {
        throw diagnose(e, false);
      } catch (IOException e) {
        throw new JsonFormatException("cannot read the document: " + e.getMessage(), -1, e);
      }
    }

    private JsonNode value(JsonToken token, int depth) throws JsonFormatException {
      return switch (token) {
        case START_OBJECT -> object(checkDepth(depth + 1));
        case START_ARRAY -> array(checkDepth(depth + 1));
        case VALUE_STRING -> TextNode.valueOf(checkSurrogates(text(), "string"));
        case VALUE_NUMBER_INT -> integer();
        case VALUE_NUMBER_FLOAT -> decimal();
        case VALUE_TRUE -> BooleanNode.TRUE;
        case VALUE_FALSE -> BooleanNode.FALSE;
        case VALUE_NULL -> NullNode.instance;
        // Jackson reports structural errors itself; any other token here is a bug of ours.
        default -> throw new IllegalStateException("unexpected token " + token);
      };
    }

    private int checkDepth(int depth) throws JsonFormatException {
      if (depth > limits.maxDepth()) {
        long at = tokenByteOffset();
        throw new JsonFormatException(
            String.format(
                Locale.ROOT,
                "nesting depth %d at byte %d%s, want at most %d",
                depth,
                at,
                where(),
                limits.maxDepth()),
            at);
      }
      return depth;
    }

    private ObjectNode object(int depth) throws JsonFormatException {
      ObjectNode node = JsonNodeFactory.instance.objectNode();
      while (true) {
        expectingName = true;
        JsonToken t = next();
        if (t == JsonToken.END_OBJECT) {
          expectingName = false;
          return node;
        }
        String name = checkSurrogates(text(), "member name");
        if (node.has(name)) {
          long at = tokenByteOffset();
          throw new JsonFormatException(
              String.format(
                  Locale.ROOT,
                  "duplicate member name %s at byte %d%s, want unique names (RFC 8259 §4, RFC 7493"
                      + " §2.3)",
                  quote(name),
                  at,
                  where()),
              at);
        }
        expectingName = false;
        node.set(name, value(next(), depth));
      }
    }

    private ArrayNode array(int depth) throws JsonFormatException {
      ArrayNode node = JsonNodeFactory.instance.arrayNode();
      while (true) {
        JsonToken t = next();
        if (t == JsonToken.END_ARRAY) {
          return node;
        }
        node.add(value(t, depth));
      }
    }

    private JsonNode integer() throws JsonFormatException {
      try {
        JsonParser.NumberType type = parser.getNumberType();
        if (type == JsonParser.NumberType.INT) {
          return IntNode.valueOf(parser.getIntValue());
        }
        if (type == JsonParser.NumberType.LONG) {
          long v = parser.getLongValue();
          if (v >= -MAX_EXACT_INTEGER && v <= MAX_EXACT_INTEGER) {
            return LongNode.valueOf(v);
          }
        }
      } catch (IOException e) {
        throw numberError(e);
      }
      long at = tokenByteOffset();
      throw new JsonFormatException(
          String.format(
              Locale.ROOT,
              "integer %s at byte %d%s is beyond 2^53 in magnitude, want at most 9007199254740992"
                  + " (RFC 7493 §2.2)",
              Jcs.abbreviate(text()),
              at,
              where()),
          at);
    }

    private JsonNode decimal() throws JsonFormatException {
      BigDecimal d;
      try {
        d = parser.getDecimalValue();
      } catch (IOException | NumberFormatException e) {
        throw numberError(e);
      }
      double asDouble = d.doubleValue();
      String problem = null;
      String want = null;
      if (Double.isInfinite(asDouble)) {
        problem = "overflows a double";
        want = "a magnitude of at most 1.7976931348623157e308";
      } else if (asDouble == 0 && d.signum() != 0) {
        problem = "underflows a double to zero";
        want = "zero or a magnitude above 2^-1075";
      } else if (Math.abs(d.scale()) > MAX_SCALE) {
        problem = "has scale " + d.scale();
        want = "a scale within ±" + MAX_SCALE;
      } else if (Math.abs(asDouble) > MAX_EXACT_INTEGER && Math.abs(asDouble) < 1e21) {
        // RFC 8785 writes such a double as an integer literal, which the rule for integers above
        // refuses: accepting it here would make a document whose canonical form this parser
        // refuses (found by JsonFuzzTest: -0.1e21 became -100000000000000000000).
        problem = "is an integer beyond 2^53 in magnitude as a double";
        want = "at most 9007199254740992 or at least 1e21 in magnitude";
      }
      if (problem != null) {
        long at = tokenByteOffset();
        throw new JsonFormatException(
            String.format(
                Locale.ROOT,
                "number %s at byte %d%s %s, want %s (RFC 7493 §2.2)",
                Jcs.abbreviate(text()),
                at,
                where(),
                problem,
                want),
            at);
      }
      return DecimalNode.valueOf(d);
    }

    private JsonFormatException numberError(Exception e) {
      long at = tokenByteOffset();
      String literal;
      try {
        literal = parser.getText();
      } catch (IOException unreadable) {
        literal = "?";
      }
      return new JsonFormatException(
          String.format(
              Locale.ROOT,
              "number %s at byte %d%s cannot be read, want a finite IEEE 754 double (RFC 7493"
                  + " §2.2)",
              Jcs.abbreviate(literal),
              at,
              where()),
          at,
          e);
    }

    /** The text of the current token; Jackson decodes strings lazily, so this can fail. */
    private String text() throws JsonFormatException {
      try {
        return parser.getText();
      } catch (StreamReadException e) {
        throw diagnose(e, true);
      } catch (IOException e) {
        throw new JsonFormatException("cannot read the document: " + e.getMessage(), -1, e);
      }
    }

    /** RFC 7493 §2.1: an escaped lone surrogate such as \ud800 decodes to a lone UTF-16 char. */
    private String checkSurrogates(String s, String what) throws JsonFormatException {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)
            && i + 1 < s.length()
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else if (Character.isSurrogate(c)) {
          long at = tokenByteOffset();
          throw new JsonFormatException(
              String.format(
                  Locale.ROOT,
                  "lone surrogate \\u%04x in %s at byte %d%s, want a surrogate pair or no"
                      + " surrogate (RFC 7493 §2.1)",
                  (int) c,
                  what,
                  at,
                  where()),
              at);
        }
      }
      return s;
    }

    private long tokenByteOffset() {
      return byteOffset((int) parser.currentTokenLocation().getCharOffset());
    }

    /** The JSON pointer of the current value, for messages; empty at the root. */
    private String where() {
      String pointer = parser.getParsingContext().pathAsPointer().toString();
      return pointer.isEmpty() ? "" : " (" + pointer + ")";
    }

    /**
     * Turns Jackson's exception into a message of ours, naming the offending text.
     *
     * @param insideToken true if Jackson failed inside the current token (a string being decoded),
     *     false if it failed looking for the next token
     */
    private JsonFormatException diagnose(StreamReadException e, boolean insideToken) {
      String msg = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
      long jacksonAt =
          e.getLocation() == null || e.getLocation().getCharOffset() < 0
              ? byteOffset((int) lastEnd)
              : byteOffset((int) Math.min(chars.length, e.getLocation().getCharOffset()));
      if (e instanceof JsonEOFException || msg.startsWith("Unexpected end-of-input")) {
        JsonStreamContext context = parser.getParsingContext();
        String inside =
            insideToken || msg.contains("closing quote")
                ? "a string, want its closing '\"'"
                : context.inArray()
                    ? "an array, want its closing ']'"
                    : context.inObject() ? "an object, want its closing '}'" : "a value";
        long end = byteOffset(chars.length);
        return new JsonFormatException(
            String.format(Locale.ROOT, "document ends at byte %d inside %s", end, inside), end, e);
      }
      // Jackson reads one token at a time, so the culprit starts at the first character after the
      // last good token and, at most, one separator.
      int at = skipWhitespace((int) lastEnd);
      char separator = 0;
      if (!insideToken && at < chars.length && (chars[at] == ',' || chars[at] == ':')) {
        separator = chars[at];
        at = skipWhitespace(at + 1);
      }
      // Jackson reads a member's name, its colon and the start of its value in one step.
      boolean nameDue = expectingName;
      int nameAt = at;
      if (!insideToken && nameDue && at < chars.length && chars[at] == '"') {
        int colon = skipWhitespace(skipString(at));
        if (colon < chars.length && chars[colon] == ':') {
          separator = ':';
          at = skipWhitespace(colon + 1);
          nameDue = false;
        }
      }
      Matcher code = CODE.matcher(msg);
      String found = null;
      String want = null;
      long offset = jacksonAt;
      if (msg.startsWith("Illegal unquoted character") && code.find()) {
        found =
            String.format(
                Locale.ROOT,
                "unescaped control character U+%04X in a string",
                Integer.parseInt(code.group(1)));
        want = "it escaped (RFC 8259 §7)";
      } else if (msg.startsWith("Illegal character") && code.find()) {
        found =
            String.format(Locale.ROOT, "control character U+%04X", Integer.parseInt(code.group(1)));
        offset = insideToken ? jacksonAt : byteOffset(at);
        want = "whitespace or a JSON token (RFC 8259 §2)";
      } else if (msg.startsWith("Unrecognized character escape")) {
        found = "invalid escape in a string";
        want = "one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX (RFC 8259 §7)";
      } else if (msg.contains("hex-digit for character escape")) {
        found = "invalid \\u escape in a string";
        want = "four hex digits (RFC 8259 §7)";
      } else if (msg.contains("surrogate") && msg.contains("field name")) {
        found = "lone surrogate in member name";
        want = "a surrogate pair or no surrogate (RFC 7493 §2.1)";
        offset = byteOffset(nameAt);
      } else if (msg.contains("Expected space separating root-level values")) {
        found = "trailing content";
        want = "only whitespace after the JSON value";
      } else if (!insideToken && at < chars.length) {
        offset = byteOffset(at);
        char c = chars[at];
        if (c == '/' || c == '#') {
          found = "comment";
          want = "a JSON value or structural character (JSON has no comments)";
        } else if (c == '\'') {
          found = "single-quoted " + (nameDue ? "member name" : "string");
          want = "a double-quoted " + (nameDue ? "name" : "string");
        } else if (startsWith(at, "NaN") || startsWith(at, "Infinity")) {
          found = startsWith(at, "NaN") ? "NaN" : "Infinity";
          want = "a JSON number (RFC 8259 §6 has no NaN or Infinity)";
        } else if (startsWith(at, "-Infinity")) {
          found = "-Infinity";
          want = "a JSON number (RFC 8259 §6 has no NaN or Infinity)";
        } else if (c == '+') {
          found = "number with a leading '+'";
          want = "a digit or '-' (RFC 8259 §6)";
        } else if (leadingZero(at)) {
          found = "number with a leading zero";
          want = "no leading zeros (RFC 8259 §6)";
        } else if ((c == ']' || c == '}') && separator == ',') {
          found = "trailing comma before '" + c + "'";
          want = nameDue ? "a member name" : "a value";
        } else if (nameDue
            && separator != ':'
            && (Character.isLetterOrDigit(c) || c == '_' || c == '$')) {
          found = "unquoted member name";
          want = "a double-quoted name";
        }
      }
      if (found == null) {
        String summary = msg.replaceAll("\\s*\\((start marker at|for (Object|Array)) .*", "");
        return new JsonFormatException(
            String.format(
                Locale.ROOT,
                "malformed JSON at byte %d, want RFC 8259 JSON: %s",
                jacksonAt,
                summary),
            jacksonAt,
            e);
      }
      return new JsonFormatException(
          String.format(Locale.ROOT, "%s at byte %d, want %s", found, offset, want), offset, e);
    }

    /** The index just after the string literal that starts at {@code at}. */
    private int skipString(int at) {
      int i = at + 1;
      while (i < chars.length && chars[i] != '"') {
        i += chars[i] == '\\' ? 2 : 1;
      }
      return Math.min(i + 1, chars.length);
    }

    private boolean startsWith(int at, String s) {
      if (at + s.length() > chars.length) {
        return false;
      }
      for (int i = 0; i < s.length(); i++) {
        if (chars[at + i] != s.charAt(i)) {
          return false;
        }
      }
      return true;
    }

    private boolean leadingZero(int at) {
      int i = at < chars.length && chars[at] == '-' ? at + 1 : at;
      return i + 1 < chars.length && chars[i] == '0' && chars[i + 1] >= '0' && chars[i + 1] <= '9';
    }

    private int skipWhitespace(int from) {
      int i = from;
      while (i < chars.length
          && (chars[i] == ' ' || chars[i] == '\t' || chars[i] == '\n' || chars[i] == '\r')) {
        i++;
      }
      return i;
    }

    /** The UTF-8 length of the first {@code charOffset} chars: messages count bytes, not chars. */
    private long byteOffset(int charOffset) {
      long n = 0;
      int end = Math.min(charOffset, chars.length);
      for (int i = 0; i < end; i++) {
        char c = chars[i];
        n += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
      }
      return n;
    }
  }

  /** A name quoted for a message, escaped as JSON and shortened. */
  private static String quote(String s) {
    int cut = s.length() <= 40 ? s.length() : Character.isHighSurrogate(s.charAt(36)) ? 36 : 37;
    String q = Jcs.canonicalString(TextNode.valueOf(s.substring(0, cut)));
    return cut < s.length() ? q + "..." : q;
  }
}
