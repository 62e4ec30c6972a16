package org.creditbank.ledger.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON Canonicalization Scheme (JCS) of RFC 8785: the one byte string that signers and hashers
 * of a JSON value agree on.
 *
 * <p>The canonical form (RFC 8785 §3.2) is UTF-8 without whitespace; object members are sorted by
 * the UTF-16 code units of their names (§3.2.3), which is the order of {@link String#compareTo},
 * not the order of code points; strings use the escapes of §3.2.2.2; literals are {@code true},
 * {@code false}, {@code null}; every number is converted to the nearest IEEE 754 double and printed
 * as ECMAScript does (§3.2.2.3, see {@link #serializeNumber}).
 *
 * <p>The tree must be I-JSON (RFC 7493): strings without lone surrogates and numbers whose double
 * is finite. A tree from {@link StrictJson#parse} always is.
 */
public final class Jcs {
  private Jcs() {}

  /**
   * Returns the RFC 8785 canonical form of a JSON tree as UTF-8 bytes.
   *
   * <p>Integer and decimal nodes ({@code IntNode}, {@code LongNode}, {@code BigIntegerNode}, {@code
   * DecimalNode}, {@code FloatNode}, {@code DoubleNode}) are first rounded to the nearest double
   * (RFC 8785 §3.2.2.3), so {@code 9007199254740993} canonicalizes as {@code 9007199254740992}.
   *
   * @param node the value to canonicalize (object, array, string, number, boolean or null)
   * @return a new array with the canonical bytes
   * @throws IllegalArgumentException if the tree holds a number whose double is infinite or NaN, a
   *     string with a lone surrogate, or a node that is not JSON (binary, POJO, missing)
   * @throws NullPointerException if {@code node} or a node inside it is null
   */
  public static byte[] canonicalize(JsonNode node) {
    ByteSink out = new ByteSink(256);
    write(node, out);
    return out.toByteArray();
  }

  /**
   * Returns the RFC 8785 canonical form of a JSON tree as a string (for logs and tests; sign and
   * hash the bytes of {@link #canonicalize}).
   *
   * @param node the value to canonicalize
   * @return the canonical JSON text
   * @throws IllegalArgumentException as {@link #canonicalize} does
   */
  public static String canonicalString(JsonNode node) {
    return new String(canonicalize(node), StandardCharsets.UTF_8);
  }

  /**
   * Serializes a double as ECMAScript {@code Number.prototype.toString} does (ECMA-262
   * Number::toString, required by RFC 8785 §3.2.2.3): the fewest significant digits that read back
   * as {@code d} (the closest such decimal, even digit on a tie); plain notation for magnitudes in
   * [1e-6, 1e21), otherwise exponent notation such as {@code 1e+21}, {@code 1.5e-7}; {@code -0}
   * prints {@code 0}.
   *
   * @param d a finite double
   * @return the ECMAScript text of {@code d}
   * @throws IllegalArgumentException if {@code d} is NaN or infinite (not representable in JSON)
   */
  public static String serializeNumber(double d) {
    ByteSink out = new ByteSink(32);
    NumberFormatter.append(d, out);
    return new String(out.toByteArray(), StandardCharsets.US_ASCII);
  }

  private static void write(JsonNode node, ByteSink out) {
    switch (node.getNodeType()) {
      case OBJECT -> writeObject(node, out);
      case ARRAY -> {
        out.write('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.write(',');
          }
          write(node.get(i), out);
        }
        out.write(']');
      }
      case STRING -> writeString(node.textValue(), out);
      case NUMBER -> writeNumber(node, out);
      case BOOLEAN -> out.write(node.booleanValue() ? "true" : "false");
      case NULL -> out.write("null");
      default ->
          throw new IllegalArgumentException(
              String.format(
                  Locale.ROOT,
                  "node of type %s is not JSON, want an object, array, string, number, boolean or"
                      + " null",
                  node.getNodeType()));
    }
  }

  private static void writeObject(JsonNode node, ByteSink out) {
    List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
    // String.compareTo orders by UTF-16 code units, as RFC 8785 §3.2.3 requires.
    members.sort(Map.Entry.comparingByKey());
    out.write('{');
    for (int i = 0; i < members.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      writeString(members.get(i).getKey(), out);
      out.write(':');
      write(members.get(i).getValue(), out);
    }
    out.write('}');
  }

  private static void writeNumber(JsonNode node, ByteSink out) {
    double d =
        switch (node.numberType()) {
          case INT, LONG -> (double) node.longValue();
          case BIG_INTEGER -> node.bigIntegerValue().doubleValue();
          case BIG_DECIMAL -> node.decimalValue().doubleValue();
          case FLOAT, DOUBLE -> node.doubleValue();
        };
    if (Double.isInfinite(d) || Double.isNaN(d)) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "number %s is %s as a double, want a finite IEEE 754 double (RFC 8785 §3.2.2.3)",
              abbreviate(node.asText()),
              Double.isNaN(d) ? "NaN" : "infinite"));
    }
    NumberFormatter.append(d, out);
  }

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  /** RFC 8785 §3.2.2.2: short escapes for seven characters, \\u00xx for other controls. */
  private static void writeString(String s, ByteSink out) {
    int len = s.length();
    out.ensure(len + 2);
    out.put('"');
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
        out.write(c);
      } else if (c < 0x80) {
        out.ensure(6);
        switch (c) {
          case '"' -> twoBytes(out, '"');
          case '\\' -> twoBytes(out, '\\');
          case '\b' -> twoBytes(out, 'b');
          case '\t' -> twoBytes(out, 't');
          case '\n' -> twoBytes(out, 'n');
          case '\f' -> twoBytes(out, 'f');
          case '\r' -> twoBytes(out, 'r');
          default -> {
            out.put('\\');
            out.put('u');
            out.put('0');
            out.put('0');
            out.put(HEX[c >> 4]);
            out.put(HEX[c & 0xf]);
          }
        }
      } else if (c < 0x800) {
        out.ensure(2);
        out.put(0xc0 | (c >> 6));
        out.put(0x80 | (c & 0x3f));
      } else if (!Character.isSurrogate(c)) {
        out.ensure(3);
        out.put(0xe0 | (c >> 12));
        out.put(0x80 | ((c >> 6) & 0x3f));
        out.put(0x80 | (c & 0x3f));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < len
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        out.ensure(4);
        out.put(0xf0 | (cp >> 18));
        out.put(0x80 | ((cp >> 12) & 0x3f));
        out.put(0x80 | ((cp >> 6) & 0x3f));
        out.put(0x80 | (cp & 0x3f));
      } else {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "lone surrogate U+%04X at index %d of a string, want a surrogate pair (RFC 7493"
                    + " §2.1)",
                (int) c,
                i));
      }
    }
    out.write('"');
  }

  private static void twoBytes(ByteSink out, char c) {
    out.put('\\');
    out.put(c);
  }

  /** Shortens a value quoted in a message so that a huge literal cannot flood a log. */
  static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
