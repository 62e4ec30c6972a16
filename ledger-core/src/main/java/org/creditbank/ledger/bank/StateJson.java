package org.creditbank.ledger.bank;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.creditbank.ledger.journal.CorruptionException;
import org.creditbank.ledger.util.Bytes;

/**
 * Reads and writes the credit bank's derived-state values: compact JSON with members in the fixed
 * order the code builds them, so that the same state is always the same bytes and a state digest
 * can compare two replays. Decimals are plain (no exponent) and read back as {@link BigDecimal}, so
 * no value ever passes through binary floating point. The state is written only by this code, so it
 * is read with Jackson's plain parser rather than the strict one statements need; the sequencer
 * reads and writes several values per statement.
 */
final class StateJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          .build();

  private StateJson() {}

  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  static Bytes write(JsonNode n) {
    try {
      return Bytes.copyFrom(MAPPER.writeValueAsBytes(n));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a state value: " + e.getMessage(), e);
    }
  }

  static ObjectNode read(Bytes key, Bytes value) throws CorruptionException {
    try {
      JsonNode n = MAPPER.readTree(value.toByteArray());
      if (!n.isObject()) {
        throw new CorruptionException(
            "state value of " + key + " is not a JSON object but a " + Statement.typeName(n));
      }
      return (ObjectNode) n;
    } catch (IOException e) {
      throw new CorruptionException(
          "state value of " + key + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  static String text(ObjectNode o, String name) throws CorruptionException {
    JsonNode v = o.get(name);
    if (v == null || !v.isTextual()) {
      throw new CorruptionException("state value lacks the string member " + name);
    }
    return v.textValue();
  }

  static Optional<String> optText(ObjectNode o, String name) throws CorruptionException {
    return o.has(name) ? Optional.of(text(o, name)) : Optional.empty();
  }

  /** An enum constant written by its wire name. */
  static <E> E wire(String text, java.util.function.Function<String, Optional<E>> fromWire)
      throws CorruptionException {
    return fromWire
        .apply(text)
        .orElseThrow(() -> new CorruptionException("unknown wire name in state: " + text));
  }

  /** An optional member holding an enum constant's wire name. */
  static <E> Optional<E> optWire(
      ObjectNode o, String name, java.util.function.Function<String, Optional<E>> fromWire)
      throws CorruptionException {
    Optional<String> t = optText(o, name);
    return t.isEmpty() ? Optional.empty() : Optional.of(wire(t.get(), fromWire));
  }

  static long number(ObjectNode o, String name) throws CorruptionException {
    JsonNode v = o.get(name);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new CorruptionException("state value lacks the integer member " + name);
    }
    return v.longValue();
  }

  static OptionalLong optNumber(ObjectNode o, String name) throws CorruptionException {
    return o.has(name) ? OptionalLong.of(number(o, name)) : OptionalLong.empty();
  }

  static BigDecimal decimal(ObjectNode o, String name) throws CorruptionException {
    String s = text(o, name);
    try {
      return new BigDecimal(s);
    } catch (NumberFormatException e) {
      throw new CorruptionException("state member " + name + " is not a decimal: " + s, e);
    }
  }

  static ObjectNode child(ObjectNode o, String name) throws CorruptionException {
    JsonNode v = o.get(name);
    if (v == null || !v.isObject()) {
      throw new CorruptionException("state value lacks the object member " + name);
    }
    return (ObjectNode) v;
  }

  static ArrayNode array(ObjectNode o, String name) throws CorruptionException {
    JsonNode v = o.get(name);
    if (v == null || !v.isArray()) {
      throw new CorruptionException("state value lacks the array member " + name);
    }
    return (ArrayNode) v;
  }

  static List<String> texts(ObjectNode o, String name) throws CorruptionException {
    List<String> out = new ArrayList<>();
    for (JsonNode e : array(o, name)) {
      if (!e.isTextual()) {
        throw new CorruptionException("state member " + name + " holds a non-string");
      }
      out.add(e.textValue());
    }
    return out;
  }

  static List<Long> numbers(ObjectNode o, String name) throws CorruptionException {
    List<Long> out = new ArrayList<>();
    for (JsonNode e : array(o, name)) {
      if (!e.isIntegralNumber() || !e.canConvertToLong()) {
        throw new CorruptionException("state member " + name + " holds a non-integer");
      }
      out.add(e.longValue());
    }
    return out;
  }

  static ArrayNode texts(List<String> values) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    values.forEach(a::add);
    return a;
  }

  static ArrayNode numbers(List<Long> values) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    values.forEach(a::add);
    return a;
  }

  /** Parses a body stored in state; it was checked when accepted, so a failure is corruption. */
  static <T> T body(ObjectNode o, String name, BodyParser<T> parser) throws CorruptionException {
    try {
      return parser.parse(child(o, name));
    } catch (StatementException e) {
      throw new CorruptionException(
          "stored body " + name + " no longer parses: " + e.getMessage(), e);
    }
  }

  /** A body's strict parse. */
  interface BodyParser<T> {
    T parse(ObjectNode body) throws StatementException;
  }
}
