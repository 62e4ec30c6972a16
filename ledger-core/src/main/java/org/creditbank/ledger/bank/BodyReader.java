package org.creditbank.ledger.bank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.creditbank.ledger.crypto.Ed25519PublicKey;
import org.creditbank.ledger.crypto.KeyFormatException;

/**
 * Reads the members of a statement body strictly, so each body parser states only its rules. Every
 * failure is a {@link RejectCode#SCHEMA} rejection naming the JSON pointer (RFC 6901) of the
 * member.
 */
final class BodyReader {
  /** The pattern of an institution id, the same as the envelope's {@code actor}. */
  static final Pattern INSTITUTION_ID = Statement.ACTOR;

  /** Longest name, in code points. */
  static final int NAME_MAX = 200;

  /** The pattern of an achievement, rule, conversion or programme id, the same as {@code id}. */
  static final Pattern ID = Statement.ID;

  /** The pattern of a course, certificate or field code. */
  static final Pattern CODE = Pattern.compile("[A-Za-z0-9._-]{1,32}");

  /** A {@link #CODE}, or a code followed by {@code *} meaning any code starting with it. */
  static final Pattern CODE_PREFIX = Pattern.compile("[A-Za-z0-9._-]{1,32}\\*?");

  /** The pattern of a grade such as {@code B+}. */
  static final Pattern GRADE = Pattern.compile("[A-Za-z0-9+-]{1,8}");

  /** The pattern of a date as written; the calendar is checked after. */
  private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

  /** The earliest date a body may hold. */
  static final LocalDate DATE_MIN = LocalDate.of(1900, 1, 1);

  /** The latest date a body may hold. */
  static final LocalDate DATE_MAX = LocalDate.of(9999, 12, 31);

  private BodyReader() {}

  /**
   * Checks an institution id given to a body's constructor (a caller's value, not untrusted input).
   *
   * @throws NullPointerException if {@code id} is null
   * @throws IllegalArgumentException if {@code id} does not match {@link #INSTITUTION_ID}
   */
  static void requireInstitutionId(String id) {
    Objects.requireNonNull(id, "id");
    if (!isInstitutionId(id)) {
      throw new IllegalArgumentException(
          "want an institution id matching " + INSTITUTION_ID + ", got " + Statement.quote(id));
    }
  }

  /**
   * Tells whether {@code s} matches {@link #INSTITUTION_ID}, {@code [A-Z0-9-]{2,32}}, without a
   * regex: records of the derived state check ids every time they are read.
   */
  static boolean isInstitutionId(String s) {
    int n = s.length();
    if (n < 2 || n > 32) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** Tells whether {@code s} matches {@link #ID}, {@code [A-Za-z0-9][A-Za-z0-9._:-]{0,63}}. */
  static boolean isId(String s) {
    int n = s.length();
    if (n < 1 || n > 64) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      boolean alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (!alnum && (i == 0 || (c != '.' && c != '_' && c != ':' && c != '-'))) {
        return false;
      }
    }
    return true;
  }

  /** The pointer of member {@code name} inside the object at {@code pointer} (RFC 6901 §3). */
  static String child(String pointer, String name) {
    return pointer + "/" + name.replace("~", "~0").replace("/", "~1");
  }

  static StatementException schema(String field, String message) {
    return new StatementException(RejectCode.SCHEMA, field, message);
  }

  /**
   * Checks the object has every required member and no member outside required and optional;
   * unknown members are reported first, in document order, then missing ones in the listed order.
   */
  static void members(ObjectNode o, String pointer, List<String> required, List<String> optional)
      throws StatementException {
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!required.contains(name) && !optional.contains(name)) {
        String p = child(pointer, name);
        throw schema(p, "unknown member " + p);
      }
    }
    for (String name : required) {
      if (!o.has(name)) {
        String p = child(pointer, name);
        throw schema(p, "missing member " + p);
      }
    }
  }

  static StatementException wrongType(String field, String want, JsonNode found) {
    return schema(field, "want " + want + " at " + field + ", got " + Statement.typeName(found));
  }

  static ObjectNode object(ObjectNode o, String pointer, String name) throws StatementException {
    String p = child(pointer, name);
    JsonNode v = o.get(name);
    if (!v.isObject()) {
      throw wrongType(p, "an object", v);
    }
    return (ObjectNode) v;
  }

  static ArrayNode nonEmptyArray(ObjectNode o, String pointer, String name)
      throws StatementException {
    ArrayNode a = array(o, pointer, name);
    if (a.isEmpty()) {
      String p = child(pointer, name);
      throw schema(p, "want a non-empty array at " + p + ", got an empty one");
    }
    return a;
  }

  static ArrayNode array(ObjectNode o, String pointer, String name) throws StatementException {
    String p = child(pointer, name);
    JsonNode v = o.get(name);
    if (!v.isArray()) {
      throw wrongType(p, "an array", v);
    }
    return (ArrayNode) v;
  }

  static String string(JsonNode v, String field) throws StatementException {
    if (!v.isTextual()) {
      throw wrongType(field, "a string", v);
    }
    return v.textValue();
  }

  static String string(ObjectNode o, String pointer, String name) throws StatementException {
    return string(o.get(name), child(pointer, name));
  }

  static boolean bool(ObjectNode o, String pointer, String name) throws StatementException {
    String p = child(pointer, name);
    JsonNode v = o.get(name);
    if (!v.isBoolean()) {
      throw wrongType(p, "a boolean", v);
    }
    return v.booleanValue();
  }

  /** A string matching {@code p}, which {@code what} describes ("an institution id"). */
  static String matching(JsonNode v, String field, Pattern p, String what)
      throws StatementException {
    String s = string(v, field);
    if (!p.matcher(s).matches()) {
      throw schema(
          field,
          "want " + what + " matching " + p + " at " + field + ", got " + Statement.quote(s));
    }
    return s;
  }

  static String matching(ObjectNode o, String pointer, String name, Pattern p, String what)
      throws StatementException {
    return matching(o.get(name), child(pointer, name), p, what);
  }

  /** A name of 1 to {@link #NAME_MAX} code points. */
  static String name(ObjectNode o, String pointer, String name) throws StatementException {
    String p = child(pointer, name);
    String s = string(o.get(name), p);
    int n = s.codePointCount(0, s.length());
    if (n < 1 || n > NAME_MAX) {
      throw schema(
          p, String.format(Locale.ROOT, "want 1 to %d characters at %s, got %d", NAME_MAX, p, n));
    }
    return s;
  }

  /** One of {@code wire}, the wire names of an enum, in declaration order. */
  static String oneOf(JsonNode v, String field, List<String> wire) throws StatementException {
    String s = string(v, field);
    if (!wire.contains(s)) {
      throw schema(
          field,
          "want one of "
              + String.join(", ", wire)
              + " at "
              + field
              + ", got "
              + Statement.quote(s));
    }
    return s;
  }

  /** A JSON integer (no fraction, no exponent) from {@code min} to {@code max}. */
  static int integer(ObjectNode o, String pointer, String name, int min, int max)
      throws StatementException {
    String p = child(pointer, name);
    JsonNode v = o.get(name);
    if (!v.isNumber()) {
      throw wrongType(p, "an integer", v);
    }
    // A tree built by a caller may hold a BigIntegerNode, whose longValue() would wrap.
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw schema(p, integerWanted(min, max, p) + ", got " + v.decimalValue());
    }
    long n = v.longValue();
    if (n < min || n > max) {
      throw schema(p, integerWanted(min, max, p) + ", got " + n);
    }
    return (int) n;
  }

  /** The message's first half, made only on failure: parsing runs on every submission. */
  private static String integerWanted(int min, int max, String p) {
    return String.format(Locale.ROOT, "want an integer from %d to %d at %s", min, max, p);
  }

  /** A JSON number from {@code min} to {@code max} with at most {@code scale} decimals. */
  static BigDecimal decimal(
      ObjectNode o, String pointer, String name, BigDecimal min, BigDecimal max, int scale)
      throws StatementException {
    String p = child(pointer, name);
    JsonNode v = o.get(name);
    if (!v.isNumber()) {
      throw wrongType(p, "a number", v);
    }
    BigDecimal d = v.decimalValue();
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0 || d.stripTrailingZeros().scale() > scale) {
      throw schema(
          p,
          String.format(
              Locale.ROOT,
              "want a number from %s to %s with at most %d decimals at %s, got %s",
              min.toPlainString(),
              max.toPlainString(),
              scale,
              p,
              d));
    }
    return d;
  }

  /** A {@code did:key} naming an Ed25519 public key (W3C did:key method §3.1). */
  static Ed25519PublicKey didKey(JsonNode v, String field) throws StatementException {
    String s = string(v, field);
    try {
      return Ed25519PublicKey.fromDidKey(s);
    } catch (KeyFormatException e) {
      throw new StatementException(
          RejectCode.SCHEMA,
          field,
          "want a did:key Ed25519 public key at "
              + field
              + ", got "
              + Statement.quote(s)
              + ": "
              + e.getMessage(),
          e);
    }
  }

  static Ed25519PublicKey didKey(ObjectNode o, String pointer, String name)
      throws StatementException {
    return didKey(o.get(name), child(pointer, name));
  }

  /** Normalizes a decimal so equal values are equal records: no trailing zeros, scale ≥ 0. */
  static BigDecimal normalize(BigDecimal d) {
    BigDecimal s = d.stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0) : s;
  }

  /**
   * Checks a string given to a constructor against {@code p}.
   *
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if it does not match
   */
  static String requireMatch(String value, Pattern p, String what) {
    Objects.requireNonNull(value, what);
    if (p == ID ? !isId(value) : !p.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "want " + what + " matching " + p + ", got " + Statement.quote(value));
    }
    return value;
  }

  /**
   * Checks a name given to a constructor: 1 to {@link #NAME_MAX} code points.
   *
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if it is empty or too long
   */
  static String requireName(String name, String what) {
    Objects.requireNonNull(name, what);
    int n = name.codePointCount(0, name.length());
    if (n < 1 || n > NAME_MAX) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "want %s of 1 to %d characters, got %d", what, NAME_MAX, n));
    }
    return name;
  }

  /**
   * Checks and normalizes a decimal given to a constructor: {@code min} to {@code max}, at most two
   * decimals.
   *
   * @throws NullPointerException if {@code d} is null
   * @throws IllegalArgumentException if it is out of range or has more than two decimals
   */
  static BigDecimal requireDecimal(BigDecimal d, String min, String max, String what) {
    BigDecimal n = normalize(Objects.requireNonNull(d, what));
    if (n.compareTo(new BigDecimal(min)) < 0
        || n.compareTo(new BigDecimal(max)) > 0
        || n.scale() > 2) {
      throw new IllegalArgumentException(
          "want "
              + what
              + " from "
              + min
              + " to "
              + max
              + " with at most 2 decimals, got "
              + d.toPlainString());
    }
    return n;
  }

  /**
   * Checks a date given to a constructor: years 1900 to 9999.
   *
   * @throws NullPointerException if {@code d} is null
   * @throws IllegalArgumentException if it is out of range
   */
  static LocalDate requireDate(LocalDate d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isBefore(DATE_MIN) || d.isAfter(DATE_MAX)) {
      throw new IllegalArgumentException(
          "want " + what + " from " + DATE_MIN + " to " + DATE_MAX + ", got " + d);
    }
    return d;
  }

  /**
   * Checks that a list given to a constructor has no repeats.
   *
   * @throws IllegalArgumentException if it repeats an element
   */
  static void requireDistinct(List<?> list, String what) {
    if (new HashSet<>(list).size() != list.size()) {
      throw new IllegalArgumentException("want distinct " + what + ", got " + list);
    }
  }

  /**
   * Checks that a list given to a constructor has {@code min} to {@code max} elements.
   *
   * @throws IllegalArgumentException if it has fewer or more
   */
  static void requireSize(List<?> list, int min, int max, String what) {
    if (list.size() < min || list.size() > max) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "want %d to %d %s, got %d", min, max, what, list.size()));
    }
  }

  /**
   * A date written {@code YYYY-MM-DD} (RFC 3339 §5.6 full-date) that exists in the calendar, in the
   * years 1900 to 9999.
   */
  static LocalDate date(JsonNode v, String field) throws StatementException {
    String s = string(v, field);
    String want = "want a date such as \"2026-07-01\" at " + field + ", got " + Statement.quote(s);
    if (!DATE.matcher(s).matches()) {
      throw schema(field, want);
    }
    LocalDate d;
    try {
      // ISO_LOCAL_DATE resolves strictly, so 2026-02-30 fails rather than becoming 02-28.
      d = LocalDate.parse(s);
    } catch (DateTimeException e) {
      throw new StatementException(RejectCode.SCHEMA, field, want, e);
    }
    if (d.isBefore(DATE_MIN)) {
      throw schema(
          field, "want a date from " + DATE_MIN + " at " + field + ", got " + Statement.quote(s));
    }
    return d;
  }

  static LocalDate date(ObjectNode o, String pointer, String name) throws StatementException {
    return date(o.get(name), child(pointer, name));
  }

  /** The rejection of entry {@code i} of the array at {@code field} repeating entry {@code j}. */
  static StatementException repeated(String field, String what, int i, int j) {
    return schema(
        field + "/" + i,
        "want distinct "
            + what
            + " at "
            + field
            + ", got "
            + field
            + "/"
            + i
            + " repeating "
            + field
            + "/"
            + j);
  }

  /** An array of {@code min} to {@code max} entries; an empty one when min is 1 says so. */
  static ArrayNode array(ObjectNode o, String pointer, String name, int min, int max)
      throws StatementException {
    ArrayNode a = min > 0 ? nonEmptyArray(o, pointer, name) : array(o, pointer, name);
    if (a.size() > max) {
      String p = child(pointer, name);
      throw schema(
          p, String.format(Locale.ROOT, "want at most %d entries at %s, got %d", max, p, a.size()));
    }
    return a;
  }

  /** Distinct strings each matching {@code p}, from the array at {@code field}. */
  static List<String> distinctStrings(
      ArrayNode a, String field, Pattern p, String what, String plural) throws StatementException {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      String s = matching(a.get(i), field + "/" + i, p, what);
      int earlier = out.indexOf(s);
      if (earlier >= 0) {
        throw repeated(field, plural, i, earlier);
      }
      out.add(s);
    }
    return out;
  }

  /** The object at {@code field}, an array entry. */
  static ObjectNode object(JsonNode v, String field) throws StatementException {
    if (!v.isObject()) {
      throw wrongType(field, "an object", v);
    }
    return (ObjectNode) v;
  }
}
