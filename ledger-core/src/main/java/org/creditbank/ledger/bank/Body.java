package org.creditbank.ledger.bank;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The typed, validated body of a statement. Each implementation is an immutable record with a
 * static {@code parse} that rejects any body breaking its type's rules ({@link RejectCode#SCHEMA})
 * and a {@link #toJson()} that {@link StatementSigner#sign} accepts.
 */
public sealed interface Body
    permits GenesisBody,
        InstitutionRegisteredBody,
        KeyChangeBody,
        LearnerEnrolledBody,
        AchievementRecordedBody,
        AchievementRevokedBody,
        RulePublishedBody,
        RuleRetiredBody,
        CreditConvertedBody,
        ProgramPublishedBody {

  /**
   * Returns the statement type this body belongs to.
   *
   * @return the type
   */
  StatementType type();

  /**
   * Returns the body as JSON, which its {@code parse} reads back to an equal record.
   *
   * @return a new object that the caller may change
   */
  ObjectNode toJson();
}
