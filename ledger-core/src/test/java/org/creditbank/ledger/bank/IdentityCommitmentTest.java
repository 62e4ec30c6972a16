package org.creditbank.ledger.bank;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.creditbank.ledger.util.Bytes;
import org.creditbank.ledger.util.Hash;
import org.junit.jupiter.api.Test;

class IdentityCommitmentTest {
  static final Bytes SALT =
      Bytes.fromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

  // The two examples printed in GB 11643-1999.
  static final List<String> STANDARD_EXAMPLES = List.of("11010519491231002X", "440524188001010014");

  static final List<String> PREFIXES =
      List.of(
          "11010119900307123",
          "31011519851201456",
          "44030520000229987",
          "51010719781111000",
          "65010219630606321",
          "00000000000000000",
          "99999999999999999");

  /**
   * An independent reference for the check: ISO 7064 MOD 11-2 read as "Σ aᵢ·2^(18−i) over all 18
   * characters ≡ 1 (mod 11)", with X standing for 10.
   */
  static boolean referenceValid(String n) {
    if (n.length() != 18) {
      return false;
    }
    long sum = 0;
    for (int i = 0; i < 18; i++) {
      char c = n.charAt(i);
      int v;
      if (c >= '0' && c <= '9') {
        v = c - '0';
      } else if (c == 'X' && i == 17) {
        v = 10;
      } else {
        return false;
      }
      sum += v * (1L << (17 - i));
    }
    return sum % 11 == 1;
  }

  /** Completes 17 digits with the one check character the reference accepts. */
  static String referenceComplete(String prefix) {
    String found = null;
    for (char c : "0123456789X".toCharArray()) {
      if (referenceValid(prefix + c)) {
        assertEquals(null, found, "two check characters for " + prefix);
        found = prefix + c;
      }
    }
    assertTrue(found != null, "no check character for " + prefix);
    return found;
  }

  static final String WANT_CHECK =
      "want the ISO 7064 MOD 11-2 check character of the first 17 digits at position 18 of the"
          + " resident identity number, got another character";

  @Test
  void normalize_validNumbers_returnsThem() {
    List<String> valid = new ArrayList<>(STANDARD_EXAMPLES);
    for (String p : PREFIXES) {
      valid.add(referenceComplete(p));
    }
    List<String> failures = new ArrayList<>();
    for (String n : valid) {
      if (!referenceValid(n)) {
        failures.add(n + ": the reference refuses it");
        continue;
      }
      try {
        String got = IdentityCommitment.normalize(n);
        if (!got.equals(n)) {
          failures.add(n + ": normalized to " + got);
        }
      } catch (IllegalArgumentException e) {
        failures.add(n + ": " + e.getMessage());
      }
    }
    assertEquals(9, valid.size());
    assertEquals(List.of(), failures);
  }

  @Test
  void normalize_wrongCheckCharacter_throws() {
    int ran = 0;
    List<String> failures = new ArrayList<>();
    for (String p : PREFIXES) {
      String good = referenceComplete(p);
      for (char c : "0123456789X".toCharArray()) {
        String n = p + c;
        if (n.equals(good)) {
          continue;
        }
        ran++;
        try {
          IdentityCommitment.normalize(n);
          failures.add(n + ": accepted");
        } catch (IllegalArgumentException e) {
          if (!WANT_CHECK.equals(e.getMessage())) {
            failures.add(n + ": " + e.getMessage());
          }
        }
      }
    }
    assertEquals(70, ran);
    assertEquals(List.of(), failures);
  }

  @Test
  void normalize_malformed_throwsWithoutEchoingTheNumber() {
    String[][] cases = {
      {"11010519491231002", "want a resident identity number of 18 characters, got 17"},
      {"11010519491231002X1", "want a resident identity number of 18 characters, got 19"},
      {"", "want a resident identity number of 18 characters, got 0"},
      {
        "1101051949123100AX",
        "want a digit at position 17 of the resident identity number, got another character"
      },
      {
        "X10105194912310020",
        "want a digit at position 1 of the resident identity number, got another character"
      },
      {
        "11010519491231002Y",
        "want a digit or X at position 18 of the resident identity number, got another character"
      },
      {"110105194912310021", WANT_CHECK},
      {"440524188001010015", WANT_CHECK},
    };
    List<String> failures = new ArrayList<>();
    for (String[] c : cases) {
      try {
        IdentityCommitment.normalize(c[0]);
        failures.add(c[0] + ": accepted");
      } catch (IllegalArgumentException e) {
        if (!c[1].equals(e.getMessage())) {
          failures.add(c[0] + ": " + e.getMessage());
        }
      }
    }
    assertEquals(8, cases.length);
    assertEquals(List.of(), failures);
  }

  @Test
  void normalize_fullWidthLowerCaseAndSpaces_giveTheSameNumberAndCommitment() {
    String want = "11010519491231002X";
    List<String> forms =
        List.of(
            "11010519491231002x",
            " 110105 19491231 002x ",
            "110105\t1949\u00a01231\u3000002X",
            "１１０１０５１９４９１２３１００２ｘ",
            "１１０１０５１９４９１２３１００２Ｘ");
    Hash commitment = IdentityCommitment.commit(SALT, want);
    for (String f : forms) {
      assertEquals(want, IdentityCommitment.normalize(f), f);
      assertEquals(commitment, IdentityCommitment.commit(SALT, f), f);
    }
  }

  @Test
  void commit_layout_isSha256OfSaltThenAsciiNumber() throws Exception {
    String n = "440524188001010014";
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    md.update(SALT.toByteArray());
    md.update(n.getBytes(StandardCharsets.US_ASCII));
    byte[] want = md.digest();
    assertEquals(Hash.of(want), IdentityCommitment.commit(SALT, n));
    // The same through the lower-case x form of the other example, with a concatenated buffer.
    byte[] buf = new byte[50];
    System.arraycopy(SALT.toByteArray(), 0, buf, 0, 32);
    System.arraycopy("11010519491231002X".getBytes(StandardCharsets.US_ASCII), 0, buf, 32, 18);
    assertEquals(
        Hash.of(MessageDigest.getInstance("SHA-256").digest(buf)),
        IdentityCommitment.commit(SALT, "11010519491231002x"));
  }

  @Test
  void commit_shortSalt_throws() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> IdentityCommitment.commit(Bytes.copyFrom(new byte[31]), "11010519491231002X"));
    assertEquals("want a salt of 32 bytes, got 31 bytes", e.getMessage());
  }

  @Test
  void newSalt_twoCalls_give32FreshBytes() {
    Bytes a = IdentityCommitment.newSalt();
    Bytes b = IdentityCommitment.newSalt();
    assertEquals(32, a.size());
    assertEquals(32, b.size());
    assertNotEquals(a, b);
  }

  @Test
  void verify_rightSaltAndNumber_passes() {
    Hash c = IdentityCommitment.commit(SALT, "11010519491231002X");
    assertDoesNotThrow(() -> IdentityCommitment.verify(c, SALT, "１１０１０５ 19491231002x"));
  }

  @Test
  void verify_wrongSalt_throws() {
    Hash c = IdentityCommitment.commit(SALT, "11010519491231002X");
    Bytes other = Bytes.copyFrom(new byte[32]);
    Hash wrong = IdentityCommitment.commit(other, "11010519491231002X");
    CommitmentMismatchException e =
        assertThrows(
            CommitmentMismatchException.class,
            () -> IdentityCommitment.verify(c, other, "11010519491231002X"));
    assertEquals(
        "want the salt and identity number of commitment "
            + c.toHex()
            + ", got a pair that commits to "
            + wrong.toHex(),
        e.getMessage());
  }

  @Test
  void verify_wrongNumber_throws() {
    Hash c = IdentityCommitment.commit(SALT, "11010519491231002X");
    Hash wrong = IdentityCommitment.commit(SALT, "440524188001010014");
    CommitmentMismatchException e =
        assertThrows(
            CommitmentMismatchException.class,
            () -> IdentityCommitment.verify(c, SALT, "440524188001010014"));
    assertEquals(
        "want the salt and identity number of commitment "
            + c.toHex()
            + ", got a pair that commits to "
            + wrong.toHex(),
        e.getMessage());
  }

  @Test
  void verify_invalidNumber_throwsCheckedWithCause() {
    Hash c = IdentityCommitment.commit(SALT, "11010519491231002X");
    CommitmentMismatchException e =
        assertThrows(
            CommitmentMismatchException.class,
            () -> IdentityCommitment.verify(c, SALT, "110105194912310021"));
    assertEquals(
        "want a valid resident identity number to open commitment "
            + c.toHex()
            + ", got an invalid one: "
            + WANT_CHECK,
        e.getMessage());
    assertInstanceOf(IllegalArgumentException.class, e.getCause());
  }

  @Property(tries = 300)
  void normalize_anyPrefix_acceptsExactlyTheReferenceCheckCharacter(
      @ForAll @StringLength(17) @CharRange(from = '0', to = '9') String prefix) {
    String good = referenceComplete(prefix);
    assertEquals(good, IdentityCommitment.normalize(good.toLowerCase(java.util.Locale.ROOT)));
    for (char c : "0123456789X".toCharArray()) {
      String n = prefix + c;
      if (!n.equals(good)) {
        IllegalArgumentException e =
            assertThrows(IllegalArgumentException.class, () -> IdentityCommitment.normalize(n));
        assertEquals(WANT_CHECK, e.getMessage());
      }
    }
  }
}
