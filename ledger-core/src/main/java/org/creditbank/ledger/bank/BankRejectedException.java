package org.creditbank.ledger.bank;

import java.util.Objects;
import org.creditbank.ledger.journal.RejectedException;

/**
 * The credit bank's state machine refused a statement: a {@link RejectedException} whose code is a
 * {@link RejectCode} name, with the JSON pointer of the offending member.
 */
public final class BankRejectedException extends RejectedException {
  private static final long serialVersionUID = 1L;

  private final RejectCode rejectCode;
  private final String field;

  /**
   * Creates a rejection.
   *
   * @param code why
   * @param field the JSON pointer of the offending member, or {@code ""} for the whole statement
   * @param message what was wanted and what was found
   */
  public BankRejectedException(RejectCode code, String field, String message) {
    super(code.name(), message);
    this.rejectCode = code;
    this.field = Objects.requireNonNull(field, "field");
  }

  /**
   * Returns why the statement was refused.
   *
   * @return the code
   */
  public RejectCode rejectCode() {
    return rejectCode;
  }

  /**
   * Returns where in the statement the problem is.
   *
   * @return a JSON pointer such as {@code "/body/learner"}
   */
  public String field() {
    return field;
  }

  /**
   * Returns the same rejection as a {@link StatementException}, the one type the facade throws.
   *
   * @return the exception, with this as its cause
   */
  public StatementException toStatementException() {
    return new StatementException(rejectCode, field, getMessage(), this);
  }
}
