package org.creditbank.ledger.bank;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * How far a learner is through a programme's requirements on a day.
 *
 * <p>Credits in a programme come from two places: the learner's own achievements recorded by the
 * programme's institution (active that day, not a fail), counted at their own level; and active
 * conversions into the programme, counted at the programme's level (a conversion stands for a
 * course of the programme). An own achievement that a conversion into the programme used counts
 * through the conversion only. Converted credits count only up to the programme's maximum
 * conversion share (the genesis policy's if the programme sets none) times its total credits.
 *
 * @param learner the learner id
 * @param program the programme
 * @param asOf the day (UTC)
 * @param ownCredits credits from the institution's own achievements
 * @param convertedCredits credits from active conversions into the programme
 * @param convertedCounted the part of {@code convertedCredits} that counts under the share limit
 * @param requirements each requirement, met or not, in the order the programme lists them
 */
public record ProgramProgress(
    String learner,
    ProgramRecord program,
    LocalDate asOf,
    BigDecimal ownCredits,
    BigDecimal convertedCredits,
    BigDecimal convertedCounted,
    List<Requirement> requirements) {

  /**
   * One requirement and the learner's standing against it.
   *
   * @param description what is required, for example {@code "120 credits in total"}
   * @param met whether the learner meets it
   * @param status what the learner has, or what is missing
   */
  public record Requirement(String description, boolean met, String status) {
    /**
     * Checks the fields.
     *
     * @param description what is required
     * @param met whether it is met
     * @param status what the learner has or lacks
     * @throws NullPointerException if an argument is null
     */
    public Requirement {
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(status, "status");
    }
  }

  /**
   * Checks the fields and copies the list.
   *
   * @param learner the learner
   * @param program the programme
   * @param asOf the day
   * @param ownCredits own credits
   * @param convertedCredits converted credits
   * @param convertedCounted counted converted credits
   * @param requirements the requirements
   * @throws NullPointerException if an argument is or holds null
   */
  public ProgramProgress {
    Objects.requireNonNull(learner, "learner");
    Objects.requireNonNull(program, "program");
    Objects.requireNonNull(asOf, "asOf");
    Objects.requireNonNull(ownCredits, "ownCredits");
    Objects.requireNonNull(convertedCredits, "convertedCredits");
    Objects.requireNonNull(convertedCounted, "convertedCounted");
    requirements = List.copyOf(requirements);
  }

  /**
   * Tells whether every requirement is met.
   *
   * @return true if the learner has completed the programme's requirements
   */
  public boolean complete() {
    return requirements.stream().allMatch(Requirement::met);
  }

  /**
   * Returns the credits that count toward the programme.
   *
   * @return own credits plus counted converted credits
   */
  public BigDecimal countedCredits() {
    return ownCredits.add(convertedCounted);
  }
}
