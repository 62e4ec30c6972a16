package org.creditbank.ledger.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.creditbank.ledger.util.Bytes;

/**
 * Generators for the fuzz properties: changes of a valid input (bit flips, truncation, insertion,
 * deletion, duplication), raw bytes biased towards what breaks parsers (JSON tokens, escapes,
 * ill-formed UTF-8), and the documented run length.
 *
 * <p>The fuzz properties leave {@code tries} to jqwik's default, which {@code
 * src/test/resources/junit-platform.properties} bounds for the suite; {@code
 * -Djqwik.tries.default=N} on the Maven command line runs them longer (docs/operations.md).
 */
public final class Mutations {
  private Mutations() {}

  /** What a mutation does at its position. */
  public enum Kind {
    /** Flips one bit. */
    FLIP,
    /** Replaces one byte with one of the inserted bytes. */
    REPLACE,
    /** Keeps only the bytes before the position. */
    TRUNCATE,
    /** Inserts bytes at the position. */
    INSERT,
    /** Deletes up to four bytes at the position. */
    DELETE,
    /** Inserts a copy of up to 16 bytes from the position at the same place. */
    DUPLICATE
  }

  /**
   * One change of a byte string.
   *
   * @param kind what it does
   * @param position where, taken modulo the input's length (or its bits, for a flip)
   * @param inserted the bytes an insertion or replacement uses
   */
  public record Mutation(Kind kind, int position, Bytes inserted) {
    /**
     * Applies this change.
     *
     * @param in the input (not modified)
     * @return the changed copy; never the same bytes for a flip, a deletion or a truncation of a
     *     non-empty input
     */
    public byte[] apply(byte[] in) {
      int n = in.length;
      int at = n == 0 ? 0 : Math.floorMod(position, n);
      byte[] ins = inserted.toByteArray();
      return switch (kind) {
        case FLIP -> {
          if (n == 0) {
            yield ins;
          }
          byte[] out = in.clone();
          int bit = Math.floorMod(position, n * 8);
          out[bit / 8] ^= (byte) (1 << (bit % 8));
          yield out;
        }
        case REPLACE -> {
          if (n == 0) {
            yield ins;
          }
          byte[] out = in.clone();
          out[at] = ins.length == 0 ? (byte) ~out[at] : ins[0];
          yield out;
        }
        case TRUNCATE -> Arrays.copyOf(in, at);
        case INSERT -> splice(in, Math.floorMod(position, n + 1), 0, ins);
        case DELETE ->
            splice(in, at, Math.min(n - at, 1 + Math.floorMod(position, 4)), new byte[0]);
        case DUPLICATE -> splice(in, at, 0, Arrays.copyOfRange(in, at, Math.min(n, at + 16)));
      };
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%s@%d %s",
          kind,
          position,
          new String(inserted.toByteArray(), StandardCharsets.ISO_8859_1));
    }
  }

  private static byte[] splice(byte[] in, int at, int remove, byte[] insert) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + insert.length);
    out.write(in, 0, at);
    out.write(insert, 0, insert.length);
    out.write(in, at + remove, in.length - at - remove);
    return out.toByteArray();
  }

  /** Fragments that parsers of JSON, notes and proofs treat specially. */
  private static final List<String> TOKENS =
      List.of(
          "{",
          "}",
          "[",
          "]",
          ",",
          ":",
          "\"",
          "\\",
          "\\u",
          "\\ud800",
          "\\udc00",
          "\\u0000",
          "0",
          "-",
          "1e999",
          "1e-999",
          "9007199254740993",
          ".",
          "e",
          "+",
          "null",
          "true",
          "NaN",
          " ",
          "\n",
          "\r",
          "\t",
          "\u0000",
          "\u2014",
          "\ud83d\ude00",
          "=",
          "/",
          "+",
          "—",
          "index ",
          "extra ",
          "c2sp.org/tlog-proof@v1",
          "z",
          "did:key:",
          "#",
          "~");

  /** Bytes that break decoders: ill-formed UTF-8 lead and continuation bytes, and controls. */
  private static final byte[] RAW = {
    0,
    1,
    0x0a,
    0x7f,
    (byte) 0x80,
    (byte) 0xBF,
    (byte) 0xC0,
    (byte) 0xC1,
    (byte) 0xE0,
    (byte) 0xED,
    (byte) 0xEF,
    (byte) 0xF4,
    (byte) 0xF5,
    (byte) 0xFF
  };

  /**
   * Short insertions: a parser-relevant token, a raw byte, or random bytes.
   *
   * @return the generator
   */
  public static Arbitrary<Bytes> insertions() {
    return Arbitraries.oneOf(
        Arbitraries.of(TOKENS).map(t -> Bytes.copyFrom(t.getBytes(StandardCharsets.UTF_8))),
        Arbitraries.of(toList(RAW)).map(b -> Bytes.copyFrom(new byte[] {b})),
        Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(8).map(Bytes::copyFrom));
  }

  /**
   * One mutation of any kind, at any position.
   *
   * @return the generator
   */
  public static Arbitrary<Mutation> mutations() {
    return Combinators.combine(
            Arbitraries.of(Kind.class), Arbitraries.integers().greaterOrEqual(0), insertions())
        .as(Mutation::new);
  }

  /**
   * One to three mutations, applied in order.
   *
   * @return the generator
   */
  public static Arbitrary<List<Mutation>> mutationLists() {
    return mutations().list().ofMinSize(1).ofMaxSize(3);
  }

  /**
   * Applies mutations in order.
   *
   * @param in the input
   * @param ms the mutations
   * @return the changed copy
   */
  public static byte[] apply(byte[] in, List<Mutation> ms) {
    byte[] out = in;
    for (Mutation m : ms) {
      out = m.apply(out);
    }
    return out;
  }

  /**
   * Documents of up to {@code max} bytes made of tokens and raw bytes, which reach deeper into a
   * parser than uniform random bytes do.
   *
   * @param max the most fragments
   * @return the generator
   */
  public static Arbitrary<byte[]> soup(int max) {
    return insertions()
        .list()
        .ofMaxSize(max)
        .map(
            parts -> {
              ByteArrayOutputStream out = new ByteArrayOutputStream();
              for (Bytes p : parts) {
                byte[] b = p.toByteArray();
                out.write(b, 0, b.length);
              }
              return out.toByteArray();
            });
  }

  private static List<Byte> toList(byte[] b) {
    List<Byte> out = new ArrayList<>();
    for (byte x : b) {
      out.add(x);
    }
    return out;
  }
}
