package org.creditbank.ledger.journal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import org.creditbank.ledger.json.Jcs;
import org.creditbank.ledger.json.JsonFormatException;
import org.creditbank.ledger.json.JsonLimits;
import org.creditbank.ledger.json.StrictJson;
import org.creditbank.ledger.merkle.Rfc6962;
import org.creditbank.ledger.util.Bytes;
import org.creditbank.ledger.util.Hash;

/**
 * One entry of the log: a statement with its place in the chain.
 *
 * <p>The leaf is the RFC 8785 canonical form of {@code {"v":1, "seq", "prev", "time",
 * "statement"}}, which, members sorted, is the byte string
 *
 * <pre>
 * {"prev":"&lt;64 hex digits&gt;","seq":&lt;seq&gt;,"statement":&lt;statement&gt;,"time":"&lt;time&gt;","v":1}
 * </pre>
 *
 * where {@code prev} is the lower-case hex of the previous leaf's hash (64 zeros for seq 0), {@code
 * seq} a decimal integer, {@code statement} the canonical statement, and {@code time} the ledger
 * time in RFC 3339 UTC with exactly three fractional digits ({@code 2026-11-27T09:30:00.000Z}). Its
 * hash is the RFC 6962 leaf hash {@code SHA-256(0x00 ‖ leafBytes)}.
 *
 * @param seq the sequence number, from 0
 * @param prev the previous leaf's hash, or 32 zero bytes for seq 0
 * @param time the ledger time, whole milliseconds
 * @param statement the canonical statement bytes
 * @param bytes the canonical leaf bytes
 * @param hash {@code SHA-256(0x00 ‖ bytes)}
 */
public record Leaf(long seq, Hash prev, Instant time, Bytes statement, Bytes bytes, Hash hash) {
  /** The {@code prev} of the first leaf: 32 zero bytes. */
  public static final Hash ZERO = Hash.of(new byte[Hash.LENGTH]);

  /** The format version written in {@code v}. */
  public static final int VERSION = 1;

  /** The largest leaf this code reads: a statement of up to 64 KiB plus the leaf's own fields. */
  public static final int MAX_BYTES = 64 * 1024 + 512;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  /**
   * Checks the fields.
   *
   * @param seq the sequence number, from 0
   * @param prev the previous leaf's hash, or 32 zero bytes for seq 0
   * @param time the ledger time, whole milliseconds
   * @param statement the canonical statement bytes
   * @param bytes the canonical leaf bytes
   * @param hash {@code SHA-256(0x00 ‖ bytes)}
   */
  public Leaf {
    if (seq < 0) {
      throw new IllegalArgumentException("seq must not be negative: " + seq);
    }
    Objects.requireNonNull(prev, "prev");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(statement, "statement");
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(hash, "hash");
  }

  /**
   * Builds a leaf.
   *
   * @param seq the sequence number
   * @param prev the previous leaf's hash ({@link #ZERO} for seq 0)
   * @param time the ledger time; must be whole milliseconds
   * @param statement the canonical statement bytes, a JSON object
   * @return the leaf with its canonical bytes and hash
   */
  public static Leaf build(long seq, Hash prev, Instant time, Bytes statement) {
    if (!time.truncatedTo(ChronoUnit.MILLIS).equals(time)) {
      throw new IllegalArgumentException("leaf time must be whole milliseconds: " + time);
    }
    byte[] bytes = encode(seq, prev, time, statement);
    return new Leaf(seq, prev, time, statement, Bytes.copyFrom(bytes), Rfc6962.leafHash(bytes));
  }

  /**
   * Formats a ledger time as a leaf writes it.
   *
   * @param time the time, whole milliseconds
   * @return RFC 3339 UTC with three fractional digits
   */
  public static String formatTime(Instant time) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(time.getEpochSecond(), 0, ZoneOffset.UTC);
    if (t.getYear() < 0 || t.getYear() > 9999) {
      // TIME writes such years with a sign and more digits; they are too rare to write by hand.
      return TIME.format(time);
    }
    // The same characters as TIME.format, written directly: the sequencer formats one time per
    // leaf, and the general formatter costs more than the rest of the leaf's encoding.
    StringBuilder b = new StringBuilder(24);
    digits(b, t.getYear(), 4).append('-');
    digits(b, t.getMonthValue(), 2).append('-');
    digits(b, t.getDayOfMonth(), 2).append('T');
    digits(b, t.getHour(), 2).append(':');
    digits(b, t.getMinute(), 2).append(':');
    digits(b, t.getSecond(), 2).append('.');
    return digits(b, time.getNano() / 1_000_000, 3).append('Z').toString();
  }

  /** Appends {@code value} (not negative) with leading zeros to {@code width} digits. */
  private static StringBuilder digits(StringBuilder b, int value, int width) {
    String d = Integer.toString(value);
    for (int i = d.length(); i < width; i++) {
      b.append('0');
    }
    return b.append(d);
  }

  static byte[] encode(long seq, Hash prev, Instant time, Bytes statement) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(statement.size() + 160);
    out.writeBytes(ascii("{\"prev\":\"" + prev.toHex() + "\",\"seq\":" + seq + ",\"statement\":"));
    out.writeBytes(statement.toByteArray());
    out.writeBytes(ascii(",\"time\":\"" + formatTime(time) + "\",\"v\":" + VERSION + "}"));
    return out.toByteArray();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Parses stored or received leaf bytes, checking that they are exactly the canonical form this
   * class writes.
   *
   * @param bytes the leaf bytes
   * @return the leaf
   * @throws CorruptionException if the bytes are not a canonical version-1 leaf
   */
  public static Leaf parse(byte[] bytes) throws CorruptionException {
    JsonNode node;
    try {
      // The leaf nests the statement one level deeper than the statement's own limit.
      node =
          new StrictJson(new JsonLimits(MAX_BYTES, JsonLimits.DEFAULT.maxDepth() + 1)).parse(bytes);
    } catch (JsonFormatException e) {
      throw corrupt("leaf is not valid JSON: " + e.getMessage());
    }
    if (!node.isObject() || node.size() != 5) {
      throw corrupt("leaf: want an object with v, seq, prev, time, statement");
    }
    JsonNode v = node.get("v");
    JsonNode seq = node.get("seq");
    JsonNode prev = node.get("prev");
    JsonNode time = node.get("time");
    JsonNode statement = node.get("statement");
    if (v == null || !v.canConvertToInt() || v.intValue() != VERSION) {
      throw corrupt("leaf: want v 1, got " + v);
    }
    if (seq == null || !seq.isIntegralNumber() || seq.longValue() < 0) {
      throw corrupt("leaf: want a non-negative integer seq, got " + seq);
    }
    if (prev == null || !prev.isTextual() || prev.textValue().length() != 64) {
      throw corrupt("leaf: want prev as 64 hex digits, got " + prev);
    }
    if (time == null || !time.isTextual()) {
      throw corrupt("leaf: want time as a string, got " + time);
    }
    if (statement == null || !statement.isObject()) {
      throw corrupt("leaf: want statement as an object, got " + statement);
    }
    Hash prevHash;
    Instant t;
    try {
      prevHash = Hash.fromHex(prev.textValue());
      t = Instant.from(TIME.parse(time.textValue()));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw corrupt("leaf: " + e.getMessage());
    }
    Bytes stmt = Bytes.copyFrom(Jcs.canonicalize(statement));
    Leaf leaf = build(seq.longValue(), prevHash, t, stmt);
    if (!leaf.bytes().equals(Bytes.copyFrom(bytes))) {
      throw corrupt("leaf " + seq.longValue() + " is not in canonical form");
    }
    return leaf;
  }

  private static CorruptionException corrupt(String message) {
    return new CorruptionException(message);
  }
}
