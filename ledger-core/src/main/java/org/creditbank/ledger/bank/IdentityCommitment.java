package org.creditbank.ledger.bank;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;
import org.creditbank.ledger.util.Bytes;
import org.creditbank.ledger.util.Hash;

/**
 * The salted commitment that links a pseudonymous learner to a PRC resident identity number without
 * putting the number in the journal ({@code identityCommitment} of {@code learner.enrolled}).
 *
 * <p>{@code commitment = SHA-256(salt ‖ UTF-8(normalize(identityNumber)))}: the 32 salt bytes, then
 * the 18 ASCII bytes of the normalized number (17 digits, then a digit or {@code X}), 50 bytes in
 * all, no separator or length prefix (both parts have a fixed length). The journal carries the
 * commitment as lower-case hex. The salt is secret and kept in the erasable profile store: with the
 * salt erased, the commitment can no longer be tested against guessed numbers (the space of valid
 * numbers is small enough to search without it).
 *
 * <p>The number is checked as GB 11643-1999 defines it: 18 characters, the last a check character
 * computed with ISO 7064 MOD 11-2 over the first 17 digits. The region code and birth date are not
 * checked.
 */
public final class IdentityCommitment {
  /** The length of a salt in bytes. */
  public static final int SALT_LENGTH = 32;

  /** The length of a resident identity number in characters. */
  static final int NUMBER_LENGTH = 18;

  // 2^(17-i) mod 11 for positions i = 0..16 (GB 11643-1999, ISO 7064 MOD 11-2).
  private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final char[] CHECK = "10X98765432".toCharArray();

  private static final SecureRandom RANDOM = new SecureRandom();

  private IdentityCommitment() {}

  /**
   * Draws a fresh secret salt.
   *
   * @return 32 bytes from {@link SecureRandom}
   */
  public static Bytes newSalt() {
    byte[] salt = new byte[SALT_LENGTH];
    RANDOM.nextBytes(salt);
    return Bytes.copyFrom(salt);
  }

  /**
   * Normalizes and checks a PRC resident identity number (GB 11643-1999): Unicode NFKC (so
   * full-width digits and {@code Ｘ} become ASCII), every whitespace character removed, upper case;
   * then 18 characters, 17 digits and a digit or {@code X}, the last equal to the ISO 7064 MOD 11-2
   * check character of the first 17.
   *
   * @param identityNumber the number as entered
   * @return the 18-character normalized number
   * @throws IllegalArgumentException if the normalized number is not valid; the message says what
   *     is wrong, never the number
   * @throws NullPointerException if {@code identityNumber} is null
   */
  public static String normalize(String identityNumber) {
    Objects.requireNonNull(identityNumber, "identityNumber");
    String nfkc = Normalizer.normalize(identityNumber, Normalizer.Form.NFKC);
    StringBuilder b = new StringBuilder(NUMBER_LENGTH);
    nfkc.codePoints()
        .filter(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c))
        .forEach(b::appendCodePoint);
    String n = b.toString().toUpperCase(Locale.ROOT);
    int length = n.codePointCount(0, n.length());
    if (length != NUMBER_LENGTH) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "want a resident identity number of %d characters, got %d",
              NUMBER_LENGTH,
              length));
    }
    int sum = 0;
    for (int i = 0; i < NUMBER_LENGTH - 1; i++) {
      char c = n.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "want a digit at position %d of the resident identity number, got another"
                    + " character",
                i + 1));
      }
      sum += (c - '0') * WEIGHTS[i];
    }
    char last = n.charAt(NUMBER_LENGTH - 1);
    if ((last < '0' || last > '9') && last != 'X') {
      throw new IllegalArgumentException(
          "want a digit or X at position 18 of the resident identity number, got another"
              + " character");
    }
    if (last != CHECK[sum % 11]) {
      throw new IllegalArgumentException(
          "want the ISO 7064 MOD 11-2 check character of the first 17 digits at position 18 of the"
              + " resident identity number, got another character");
    }
    return n;
  }

  /**
   * Computes the commitment {@code SHA-256(salt ‖ UTF-8(normalize(identityNumber)))} (50 bytes
   * hashed: the 32-byte salt, then the 18 ASCII characters of the normalized number).
   *
   * @param salt the secret salt, 32 bytes
   * @param identityNumber the number as entered
   * @return the commitment
   * @throws IllegalArgumentException if the salt is not 32 bytes or the number is not valid
   * @throws NullPointerException if an argument is null
   */
  public static Hash commit(Bytes salt, String identityNumber) {
    Objects.requireNonNull(salt, "salt");
    checkSalt(salt);
    String n = normalize(identityNumber);
    return Hash.sha256(salt.toByteArray(), n.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Checks that a commitment opens to a salt and an identity number, comparing in constant time.
   *
   * @param commitment the commitment, as from {@code learner.enrolled}
   * @param salt the secret salt, 32 bytes
   * @param identityNumber the number as entered, untrusted
   * @throws CommitmentMismatchException if the number is not a valid resident identity number, or
   *     the commitment of the salt and the number is not {@code commitment}
   * @throws IllegalArgumentException if the salt is not 32 bytes
   * @throws NullPointerException if an argument is null
   */
  public static void verify(Hash commitment, Bytes salt, String identityNumber)
      throws CommitmentMismatchException {
    Objects.requireNonNull(commitment, "commitment");
    Objects.requireNonNull(salt, "salt");
    Objects.requireNonNull(identityNumber, "identityNumber");
    checkSalt(salt);
    Hash have;
    try {
      have = commit(salt, identityNumber);
    } catch (IllegalArgumentException e) {
      throw new CommitmentMismatchException(
          "want a valid resident identity number to open commitment "
              + commitment.toHex()
              + ", got an invalid one: "
              + e.getMessage(),
          e);
    }
    if (!MessageDigest.isEqual(commitment.toByteArray(), have.toByteArray())) {
      throw new CommitmentMismatchException(
          "want the salt and identity number of commitment "
              + commitment.toHex()
              + ", got a pair that commits to "
              + have.toHex());
    }
  }

  static void checkSalt(Bytes salt) {
    if (salt.size() != SALT_LENGTH) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT, "want a salt of %d bytes, got %d bytes", SALT_LENGTH, salt.size()));
    }
  }
}
