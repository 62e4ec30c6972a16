package org.creditbank.ledger.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.creditbank.ledger.util.Hex;
import org.junit.jupiter.api.Test;

class Base58Test {
  @Test
  void encode_knownValues_bitcoinAlphabet() throws Exception {
    assertEquals("", Base58.encode(new byte[0]));
    assertEquals("1", Base58.encode(new byte[1]));
    assertEquals("111", Base58.encode(new byte[3]));
    assertEquals("2g", Base58.encode("a".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(
        "2NEpo7TZRRrLZSi2U", Base58.encode("Hello World!".getBytes(StandardCharsets.US_ASCII)));
    assertEquals("11Egzv", Base58.encode(Hex.decode("000028c1a3")));
    assertArrayEquals(Hex.decode("000028c1a3"), Base58.decode("11Egzv"));
  }

  @Test
  void decode_invalidCharacter_namesPosition() {
    assertEquals(
        "base58: want a base58btc character at position 3, got U+0030",
        assertThrows(EncodingException.class, () -> Base58.decode("abc0def")).getMessage());
    assertEquals(
        "base58: want a base58btc character at position 1, got U+00E9",
        assertThrows(EncodingException.class, () -> Base58.decode("aé")).getMessage());
    assertEquals(
        "base58: want a base58btc character at position 2, got U+004F",
        assertThrows(EncodingException.class, () -> Base58.decodeMultibase("zaO")).getMessage());
  }

  @Test
  void decodeMultibase_wrongPrefix_rejected() {
    assertEquals(
        "multibase: want base58btc prefix 'z', got 'u'",
        assertThrows(EncodingException.class, () -> Base58.decodeMultibase("uAAAA")).getMessage());
    assertEquals(
        "multibase: want base58btc prefix 'z', got an empty string",
        assertThrows(EncodingException.class, () -> Base58.decodeMultibase("")).getMessage());
  }

  @Test
  void decode_tooLong_rejected() {
    String text = "2".repeat(Base58.MAX_DECODE_LENGTH + 1);
    assertEquals(
        "base58: want at most 1024 characters, got 1025",
        assertThrows(EncodingException.class, () -> Base58.decode(text)).getMessage());
  }

  @Property(tries = 500)
  void decode_encodedBytes_roundTrips(@ForAll @Size(max = 80) byte[] data) throws Exception {
    assertArrayEquals(data, Base58.decode(Base58.encode(data)));
    assertArrayEquals(data, Base58.decodeMultibase(Base58.encodeMultibase(data)));
  }

  /** The decoder against the definition: the text is a base-58 number, '1's are zero bytes. */
  @Property(tries = 1000)
  void decode_anyText_equalsBigIntegerReference(@ForAll("base58") String text) throws Exception {
    String alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    java.math.BigInteger n = java.math.BigInteger.ZERO;
    int zeros = 0;
    while (zeros < text.length() && text.charAt(zeros) == '1') {
      zeros++;
    }
    for (int i = 0; i < text.length(); i++) {
      n =
          n.multiply(java.math.BigInteger.valueOf(58))
              .add(java.math.BigInteger.valueOf(alphabet.indexOf(text.charAt(i))));
    }
    byte[] mag = n.signum() == 0 ? new byte[0] : n.toByteArray();
    int skip = mag.length > 0 && mag[0] == 0 ? 1 : 0;
    byte[] want = new byte[zeros + mag.length - skip];
    System.arraycopy(mag, skip, want, zeros, mag.length - skip);
    org.junit.jupiter.api.Assertions.assertArrayEquals(want, Base58.decode(text));
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> base58() {
    return net.jqwik.api.Arbitraries.strings()
        .withChars("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")
        .ofMaxLength(120)
        .edgeCases(c -> c.add("1").add("11z").add("zzzzzzzzzzzzzzzzzzzzzzzzzz"));
  }
}
