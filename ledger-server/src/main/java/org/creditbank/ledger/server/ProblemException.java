package org.creditbank.ledger.server;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.creditbank.ledger.util.LedgerException;

/**
 * A request failed in a way the client is told about as an RFC 9457 problem: an HTTP status, a
 * stable code, and a detail message. Never carries a stack trace to the client.
 */
final class ProblemException extends LedgerException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final String field;

  @SuppressWarnings("serial") // never serialized: it lives for one request
  private final Map<String, String> headers;

  ProblemException(int status, String code, String detail) {
    this(status, code, detail, null, Map.of(), null);
  }

  ProblemException(
      int status,
      String code,
      String detail,
      String field,
      Map<String, String> headers,
      Throwable cause) {
    super(detail, cause);
    this.status = status;
    this.code = Objects.requireNonNull(code, "code");
    this.field = field;
    this.headers = Map.copyOf(headers);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  /** The JSON pointer of the offending member of a statement, or null. */
  String field() {
    return field;
  }

  /** Extra response headers, such as {@code Allow} or {@code WWW-Authenticate}. */
  Map<String, String> headers() {
    return headers;
  }

  static ProblemException badParameter(String detail) {
    return new ProblemException(400, Problems.BAD_PARAMETER, detail);
  }

  static ProblemException notFound(String format, Object... args) {
    return new ProblemException(404, Problems.NOT_FOUND, String.format(Locale.ROOT, format, args));
  }
}
