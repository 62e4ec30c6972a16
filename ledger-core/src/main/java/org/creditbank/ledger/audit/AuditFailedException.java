package org.creditbank.ledger.audit;

import java.util.Locale;
import org.creditbank.ledger.util.Hash;
import org.creditbank.ledger.util.LedgerException;

/** An audit found the ledger wrong: the first place (a seq, a key, a checkpoint) and what. */
public final class AuditFailedException extends LedgerException {
  private static final long serialVersionUID = 1L;

  /** Where it is wrong, such as {@code "seq 12"} or {@code "state key inst/NURSE-VC"}. */
  private final String place;

  /** What is wrong there. */
  private final String reason;

  /**
   * Creates the exception; the message is {@code "<place>: <reason>"}.
   *
   * @param place where it is wrong
   * @param reason what is wrong there
   */
  public AuditFailedException(String place, String reason) {
    super(place + ": " + reason);
    this.place = place;
    this.reason = reason;
  }

  /**
   * The failure of a saved or older checkpoint whose tree has the size of the current one but
   * another root: no proof to check, the history was rewritten.
   *
   * @param place where to say the failure is
   * @param size the common size
   * @param saved the older checkpoint's root
   * @param current names the current tree, such as {@code "the server's"}
   * @param root the current tree's root
   * @return the exception to throw
   */
  static AuditFailedException rewrittenAtSameSize(
      String place, long size, Hash saved, String current, Hash root) {
    return new AuditFailedException(
        place,
        String.format(
            Locale.ROOT,
            "the checkpoint of size %d has root %s, %s has %s: the history was rewritten",
            size,
            saved,
            current,
            root));
  }

  /**
   * Creates the exception with its cause; the message is {@code "<place>: <reason>"}.
   *
   * @param place where it is wrong
   * @param reason what is wrong there
   * @param cause what failed
   */
  public AuditFailedException(String place, String reason, Throwable cause) {
    super(place + ": " + reason, cause);
    this.place = place;
    this.reason = reason;
  }

  /**
   * Returns where the ledger is wrong.
   *
   * @return the place, such as {@code "seq 12"}, {@code "checkpoint at size 40"} or {@code "state
   *     key inst/NURSE-VC"}
   */
  public String place() {
    return place;
  }

  /**
   * Returns what is wrong there.
   *
   * @return the reason
   */
  public String reason() {
    return reason;
  }
}
