package org.creditbank.ledger.journal;

import com.fasterxml.jackson.databind.JsonNode;
import org.creditbank.ledger.json.StrictJson;
import org.creditbank.ledger.util.Bytes;

/**
 * Appends a signed statement straight to a journal, past the credit bank's rules: for tests that
 * build a log the ledger itself would refuse, to see the audit or a bundle's verifier refuse it.
 */
public final class RawAppend {
  private RawAppend() {}

  /**
   * Appends {@code statement} under its own actor and id.
   *
   * @param journal a journal whose state machine accepts what it is given
   * @param statement the signed statement's canonical bytes
   * @return the seq it was given
   * @throws Exception if it is not JSON or the journal refuses it
   */
  public static long append(Journal<Void> journal, byte[] statement) throws Exception {
    JsonNode st = StrictJson.withDefaults().parse(statement);
    return journal
        .append(
            new Submission<Void>(
                st.get("actor").asText(), st.get("id").asText(), Bytes.copyFrom(statement), null))
        .seq();
  }
}
