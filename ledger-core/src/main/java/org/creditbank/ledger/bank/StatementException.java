package org.creditbank.ledger.bank;

import java.util.Objects;
import org.creditbank.ledger.util.LedgerException;

/**
 * A statement was rejected: it carries a stable {@link RejectCode} and the JSON pointer (RFC 6901)
 * of the offending member.
 */
public final class StatementException extends LedgerException {
  private static final long serialVersionUID = 1L;

  private final RejectCode code;
  private final String field;

  /**
   * Creates an exception.
   *
   * @param code why the statement was rejected
   * @param field the JSON pointer of the offending member, for example {@code "/body/credits"}, or
   *     {@code ""} for the whole statement
   * @param message what was wanted and what was found, naming the field
   */
  public StatementException(RejectCode code, String field, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
    this.field = Objects.requireNonNull(field, "field");
  }

  /**
   * Creates an exception with its cause.
   *
   * @param code why the statement was rejected
   * @param field the JSON pointer of the offending member, or {@code ""} for the whole statement
   * @param message what was wanted and what was found, naming the field
   * @param cause the underlying failure
   */
  public StatementException(RejectCode code, String field, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
    this.field = Objects.requireNonNull(field, "field");
  }

  /**
   * Returns why the statement was rejected.
   *
   * @return the stable reject code
   */
  public RejectCode code() {
    return code;
  }

  /**
   * Returns where in the statement the problem is.
   *
   * @return a JSON pointer such as {@code "/proof"}, or {@code ""} for the whole statement
   */
  public String field() {
    return field;
  }
}
