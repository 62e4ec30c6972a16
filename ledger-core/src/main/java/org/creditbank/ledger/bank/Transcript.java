package org.creditbank.ledger.bank;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A learner's transcript on a day: every achievement with its status that day, every conversion,
 * and the credits that count.
 *
 * <p>Credits count from achievements {@link AchievementStatus#ACTIVE} on {@code asOf} whose result
 * is not a fail, and from {@link ConversionStatus#ACTIVE} conversions.
 *
 * @param learner the learner's account
 * @param asOf the day (UTC) statuses are computed for
 * @param achievements the learner's achievements in the order recorded, each with its status
 * @param conversions the learner's conversions in the order made
 * @param creditsByKind counted achievement credits by outcome kind
 * @param creditsByLevel counted achievement credits by framework level code
 * @param creditsByField counted achievement credits by field of study
 * @param creditsByProgram active conversion credits by programme ({@code OWNER/PROGRAM})
 */
public record Transcript(
    LearnerRecord learner,
    LocalDate asOf,
    List<Line> achievements,
    List<ConversionRecord> conversions,
    Map<OutcomeKind, BigDecimal> creditsByKind,
    Map<String, BigDecimal> creditsByLevel,
    Map<String, BigDecimal> creditsByField,
    Map<String, BigDecimal> creditsByProgram) {

  /**
   * One achievement on the transcript.
   *
   * @param record the achievement as stored
   * @param status its status on the transcript's day
   */
  public record Line(AchievementRecord record, AchievementStatus status) {
    /**
     * Checks the fields.
     *
     * @param record the achievement
     * @param status its status
     * @throws NullPointerException if an argument is null
     */
    public Line {
      Objects.requireNonNull(record, "record");
      Objects.requireNonNull(status, "status");
    }

    /**
     * Tells whether its credits count on the transcript: active, and not a failed result.
     *
     * @return true if it counts
     */
    public boolean counts() {
      return status == AchievementStatus.ACTIVE
          && !(record.body().result() instanceof Result.PassFail pf && !pf.passed());
    }
  }

  /**
   * Checks the fields and copies the collections, keeping map order.
   *
   * @param learner the learner
   * @param asOf the day
   * @param achievements the achievements
   * @param conversions the conversions
   * @param creditsByKind by kind
   * @param creditsByLevel by level
   * @param creditsByField by field
   * @param creditsByProgram by programme
   * @throws NullPointerException if an argument is or holds null
   */
  public Transcript {
    Objects.requireNonNull(learner, "learner");
    Objects.requireNonNull(asOf, "asOf");
    achievements = List.copyOf(achievements);
    conversions = List.copyOf(conversions);
    creditsByKind = Collections.unmodifiableMap(new LinkedHashMap<>(creditsByKind));
    creditsByLevel = Collections.unmodifiableMap(new LinkedHashMap<>(creditsByLevel));
    creditsByField = Collections.unmodifiableMap(new LinkedHashMap<>(creditsByField));
    creditsByProgram = Collections.unmodifiableMap(new LinkedHashMap<>(creditsByProgram));
  }

  /**
   * Returns the counted achievement credits.
   *
   * @return the sum over {@link #creditsByKind}
   */
  public BigDecimal totalCredits() {
    return creditsByKind.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
  }
}
