package org.creditbank.ledger.json;

import org.creditbank.ledger.util.LedgerException;

/**
 * Untrusted JSON was rejected by {@link StrictJson}: too large, not UTF-8, not RFC 8259 JSON, or
 * not I-JSON (RFC 7493). The message says what was found, where, and what was wanted.
 */
public final class JsonFormatException extends LedgerException {
  private static final long serialVersionUID = 1L;

  /** The byte offset of the problem in the document, or -1 when it concerns the whole document. */
  private final long offset;

  /**
   * Creates an exception.
   *
   * @param message what was found, where, and what was wanted
   * @param offset the byte offset of the problem in the document, or -1 if it has none
   */
  public JsonFormatException(String message, long offset) {
    super(message);
    this.offset = offset;
  }

  /**
   * Creates an exception with its cause.
   *
   * @param message what was found, where, and what was wanted
   * @param offset the byte offset of the problem in the document, or -1 if it has none
   * @param cause the underlying failure, for example Jackson's
   */
  public JsonFormatException(String message, long offset, Throwable cause) {
    super(message, cause);
    this.offset = offset;
  }

  /**
   * Returns where the problem is.
   *
   * @return the zero-based byte offset in the UTF-8 document, or -1 when the problem concerns the
   *     whole document (such as its size)
   */
  public long offset() {
    return offset;
  }
}
