package org.creditbank.ledger.bank;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.creditbank.ledger.util.Bytes;

/**
 * The personal data of one learner, kept in the erasable {@link ProfileStore}, never in the
 * journal.
 *
 * <p>{@link #toString()} shows the learner id only and masks every personal field, so that a
 * profile logged by mistake leaks nothing.
 *
 * @param learner the pseudonymous learner id, matching {@code [A-Za-z0-9-]{6,40}}
 * @param name the learner's name, 1 to 200 code points
 * @param identityNumber the PRC resident identity number (GB 11643-1999), normalized by {@link
 *     IdentityCommitment#normalize} (so a lower-case {@code x} becomes {@code X})
 * @param phone a phone number, 5 to 20 characters of digits, spaces, {@code +} and {@code -}
 * @param salt the secret 32-byte salt of the learner's identity commitment
 */
public record Profile(
    String learner,
    String name,
    Optional<String> identityNumber,
    Optional<String> phone,
    Bytes salt) {

  private static final int NAME_MAX = 200;
  private static final Pattern PHONE = Pattern.compile("[0-9 +\\-]{5,20}");
  private static final String MASK = "***";

  /**
   * Checks every field and normalizes the identity number.
   *
   * @param learner the learner id
   * @param name the name
   * @param identityNumber the identity number, if any
   * @param phone the phone number, if any
   * @param salt the salt
   * @throws IllegalArgumentException if a field breaks its rule; the message never carries the
   *     name, the identity number or the phone number
   * @throws NullPointerException if an argument is null
   */
  public Profile {
    Objects.requireNonNull(learner, "learner");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(identityNumber, "identityNumber");
    Objects.requireNonNull(phone, "phone");
    Objects.requireNonNull(salt, "salt");
    if (!LearnerEnrolledBody.LEARNER.matcher(learner).matches()) {
      throw new IllegalArgumentException(
          "want a learner id matching "
              + LearnerEnrolledBody.LEARNER
              + ", got "
              + Statement.quote(learner));
    }
    int points = name.codePointCount(0, name.length());
    if (points < 1 || points > NAME_MAX) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT, "want a name of 1 to %d code points, got %d", NAME_MAX, points));
    }
    identityNumber = identityNumber.map(IdentityCommitment::normalize);
    if (phone.isPresent()) {
      int length = phone.get().length();
      if (length < 5 || length > 20) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT, "want a phone number of 5 to 20 characters, got %d", length));
      }
      if (!PHONE.matcher(phone.get()).matches()) {
        throw new IllegalArgumentException(
            "want a phone number of digits, spaces, '+' and '-', got another character");
      }
    }
    IdentityCommitment.checkSalt(salt);
  }

  /**
   * Returns the learner id and masks for the personal fields, for instance {@code
   * Profile[learner=L-0001-ab, name=***, identityNumber=***, phone=(none), salt=***]}.
   *
   * @return a string without personal data
   */
  @Override
  public String toString() {
    return "Profile[learner="
        + learner
        + ", name="
        + MASK
        + ", identityNumber="
        + mask(identityNumber)
        + ", phone="
        + mask(phone)
        + ", salt="
        + MASK
        + "]";
  }

  private static String mask(Optional<String> value) {
    return value.isPresent() ? MASK : "(none)";
  }
}
