package org.creditbank.ledger.bank;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.creditbank.ledger.util.Hash;

/**
 * The body of {@code learner.enrolled}: {@code {"learner", "identityCommitment"?}}.
 *
 * <p>The learner id is pseudonymous and must not carry personal data, because the journal is
 * immutable and copied to auditors. Besides its pattern {@code [A-Za-z0-9-]{6,40}}, an id is
 * refused if it contains, anywhere, the shape of a PRC resident identity number (17 digits then a
 * digit, {@code X} or {@code x}; GB 11643-1999), of a mainland mobile number ({@code 1[3-9]}
 * followed by 9 digits), either also as usually written with hyphens between its groups (6-8-4,
 * 3-4-4), or any run of 11 or more digits.
 *
 * @param learner the pseudonymous learner id
 * @param identityCommitment SHA-256 of a secret salt ‖ the normalized identity, computed off the
 *     ledger, if the enrolling institution links the learner to a profile
 */
public record LearnerEnrolledBody(String learner, Optional<Hash> identityCommitment)
    implements Body {

  /** The pattern of a learner id, before the personal-data checks. */
  static final Pattern LEARNER = Pattern.compile("[A-Za-z0-9-]{6,40}");

  /** The pattern of {@code identityCommitment}: lower-case hex of 32 bytes. */
  static final Pattern COMMITMENT = Pattern.compile("[0-9a-f]{64}");

  // The numbers as usually written, with or without hyphens between their groups: 6-8-4 for a
  // resident identity number (region, birth date, sequence and check), 3-4-4 for a mobile number.
  private static final Pattern RESIDENT_ID = Pattern.compile("[0-9]{6}-?[0-9]{8}-?[0-9]{3}[0-9Xx]");
  private static final Pattern MOBILE = Pattern.compile("1[3-9][0-9]-?[0-9]{4}-?[0-9]{4}");
  private static final Pattern LONG_DIGITS = Pattern.compile("[0-9]{11,}");

  private static final String FIELD = "/body/learner";

  /**
   * Checks the learner id.
   *
   * @param learner the learner id
   * @param identityCommitment the optional commitment
   * @throws IllegalArgumentException if {@code learner} breaks the rules {@link #parse} enforces
   * @throws NullPointerException if an argument is null
   */
  public LearnerEnrolledBody {
    Objects.requireNonNull(learner, "learner");
    Objects.requireNonNull(identityCommitment, "identityCommitment");
    String problem = problem(learner);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /**
   * Returns {@link StatementType#LEARNER_ENROLLED}.
   *
   * @return the type
   */
  @Override
  public StatementType type() {
    return StatementType.LEARNER_ENROLLED;
  }

  /**
   * Parses an untrusted body.
   *
   * @param body the statement's {@code body}
   * @return the body
   * @throws StatementException with {@link RejectCode#SCHEMA} and the member's pointer if a member
   *     is unknown or missing, not a string, {@code learner} breaks its pattern or looks like an
   *     identity or mobile number or has 11 or more digits in a row, or {@code identityCommitment}
   *     is not 64 lower-case hex digits
   */
  public static LearnerEnrolledBody parse(ObjectNode body) throws StatementException {
    BodyReader.members(body, "/body", List.of("learner"), List.of("identityCommitment"));
    String learner = BodyReader.string(body, "/body", "learner");
    String problem = problem(learner);
    if (problem != null) {
      throw BodyReader.schema(FIELD, problem);
    }
    Optional<Hash> commitment = Optional.empty();
    if (body.has("identityCommitment")) {
      String hex =
          BodyReader.matching(
              body,
              "/body",
              "identityCommitment",
              COMMITMENT,
              "a SHA-256 commitment in lower-case hex");
      commitment = Optional.of(Hash.fromHex(hex));
    }
    return new LearnerEnrolledBody(learner, commitment);
  }

  /**
   * Returns why {@code learner} is refused, or null if it is acceptable. The personal-data shapes
   * are checked before the pattern so that even a too-long id says what it looks like.
   */
  static String problem(String learner) {
    String found = Statement.quote(learner);
    Matcher m = RESIDENT_ID.matcher(learner);
    if (m.find()) {
      return "want a pseudonymous learner id at "
          + FIELD
          + ", got "
          + found
          + ", which contains the shape of a resident identity number";
    }
    if (MOBILE.matcher(learner).find()) {
      return "want a pseudonymous learner id at "
          + FIELD
          + ", got "
          + found
          + ", which contains the shape of a mobile number";
    }
    if (LONG_DIGITS.matcher(learner).find()) {
      return "want a pseudonymous learner id with at most 10 digits in a row at "
          + FIELD
          + ", got "
          + found;
    }
    if (!LEARNER.matcher(learner).matches()) {
      return "want a learner id matching " + LEARNER + " at " + FIELD + ", got " + found;
    }
    return null;
  }

  /**
   * Returns {@code {"learner", "identityCommitment"?}}, the commitment in lower-case hex.
   *
   * @return a new object
   */
  @Override
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("learner", learner);
    identityCommitment.ifPresent(h -> o.put("identityCommitment", h.toHex()));
    return o;
  }
}
