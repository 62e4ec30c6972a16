package org.creditbank.ledger.server;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.creditbank.ledger.bank.RejectCode;
import org.creditbank.ledger.bank.StatementException;

/**
 * The one mapping from failures to RFC 9457 problem details ({@code application/problem+json}):
 * {@code {"type", "title", "status", "detail", "code"}}, plus {@code "field"} for a statement's
 * offending member. {@code type} is {@code urn:creditbank:problem:CODE}; {@code code} is the
 * ledger's {@link RejectCode} for a rejected statement, else one of the server's codes here.
 */
final class Problems {
  /** A query parameter, path segment or batch envelope that is missing or malformed. */
  static final String BAD_PARAMETER = "BAD_PARAMETER";

  /** A protected route without a known bearer token. */
  static final String UNAUTHENTICATED = "UNAUTHENTICATED";

  /** A token whose role or subject may not use the route or read the resource. */
  static final String FORBIDDEN = "FORBIDDEN";

  /** No such route, entry, learner or proof. */
  static final String NOT_FOUND = "NOT_FOUND";

  /** The route exists, the method does not. */
  static final String METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED";

  /** A request body over the route's limit, or a batch of too many statements. */
  static final String BODY_TOO_LARGE = "BODY_TOO_LARGE";

  /** A request target over {@link ServerOptions#MAX_URI}. */
  static final String URI_TOO_LONG = "URI_TOO_LONG";

  /** The server is stopping. */
  static final String UNAVAILABLE = "UNAVAILABLE";

  /**
   * The server is too busy for the request now: no turn within the queue timeout, or its body would
   * take the bodies held over the buffer cap. Answered with {@code Retry-After}.
   */
  static final String OVERLOADED = "OVERLOADED";

  /**
   * The ledger cannot use its storage (a disk full, an I/O error): the request may succeed later,
   * and a submission after a failed write only once the ledger has been reopened (restarted).
   */
  static final String STORAGE_UNAVAILABLE = "STORAGE_UNAVAILABLE";

  /** The ledger's stored data is corrupt, or the server has a bug; the detail says no more. */
  static final String INTERNAL = "INTERNAL";

  static final String TYPE_PREFIX = "urn:creditbank:problem:";

  private Problems() {}

  /**
   * The HTTP status of each reject code. 400: the statement is malformed or not for this ledger;
   * 401: its proof does not verify (the statement's signature is its authentication); 403: validly
   * signed, but the actor or key has no authority for it; 409: it conflicts with what the log
   * already holds (the same statement might have been accepted before); 413: too large; 422: it
   * refers to what does not exist or breaks a rule of the credit bank.
   */
  static int status(RejectCode code) {
    return switch (code) {
      case SCHEMA, UNKNOWN_TYPE, WRONG_LEDGER -> 400;
      case BAD_PROOF -> 401;
      case NOT_PERMITTED, KEY_REVOKED -> 403;
      case DUPLICATE_ID, SOURCE_ALREADY_USED, RULE_CAP_EXCEEDED, NOT_ACTIVE, GENESIS_ORDER -> 409;
      case TOO_LARGE -> 413;
      case UNKNOWN_LEARNER,
          UNKNOWN_INSTITUTION,
          UNKNOWN_KEY,
          UNKNOWN_ACHIEVEMENT,
          UNKNOWN_RULE,
          UNKNOWN_PROGRAM,
          UNKNOWN_LEVEL,
          CREDITS_MISMATCH,
          SOURCE_NOT_ELIGIBLE,
          DATE_IN_FUTURE ->
          422;
    };
  }

  /** The problem of a rejected statement. */
  static ProblemException of(StatementException e) {
    return new ProblemException(
        status(e.code()), e.code().name(), e.getMessage(), e.field(), java.util.Map.of(), e);
  }

  /**
   * The problem of a storage failure other than corruption: {@code 503}, since the same request may
   * succeed once the disk has room again (a submission: once the ledger has been restarted). The
   * detail names no file or error; the server's log has them.
   *
   * @param appendsStopped whether the journal has stopped appending (a write or fsync failed)
   */
  static ProblemException storage(boolean appendsStopped) {
    return new ProblemException(
        503,
        STORAGE_UNAVAILABLE,
        appendsStopped
            ? "the ledger could not write to its storage and takes no submissions until it is"
                + " restarted; reads still work"
            : "the ledger's storage failed; try again later");
  }

  /** Renders a problem as the JSON object of RFC 9457 §3. */
  static ObjectNode toJson(ProblemException p) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("type", TYPE_PREFIX + p.code());
    o.put("title", title(p.code()));
    o.put("status", p.status());
    o.put("detail", p.getMessage());
    o.put("code", p.code());
    if (p.field() != null) {
      o.put("field", p.field());
    }
    return o;
  }

  /** The same short title for every occurrence of a code: {@code BAD_PROOF} → "Bad proof". */
  static String title(String code) {
    String words = code.replace('_', ' ').toLowerCase(Locale.ROOT);
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }
}
