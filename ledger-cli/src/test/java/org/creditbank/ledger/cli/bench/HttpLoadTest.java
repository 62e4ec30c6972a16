package org.creditbank.ledger.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.demo.WorkedScenario;
import org.creditbank.ledger.journal.JournalOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's own HTTP/1.1 client against a real server. */
class HttpLoadTest {
  @TempDir Path tmp;

  @Test
  void submitAndGet_keepAliveExchanges_countsOnlyAnswersOtherThan201Or200() throws Exception {
    WorkedScenario w = new WorkedScenario();
    try (CreditLedger ledger =
        CreditLedger.create(
            tmp.resolve("ledger"), w.checkpointSigner(), w.genesis(), JournalOptions.DEFAULT)) {
      List<WorkedScenario.Step> steps = w.steps();
      try (HttpLoad load = new HttpLoad(ledger, 4)) {
        // The first steps, on one connection: each a new statement, each 201.
        for (int i = 0; i < 3; i++) {
          load.submit(steps.get(i).statement().toByteArray());
        }
        assertEquals(0, load.errors());
        assertEquals(4, ledger.journal().size());
        // A repeat answers 200, garbage 400: both errors, and the connection carries on.
        load.submit(steps.get(0).statement().toByteArray());
        load.submit("{".getBytes(StandardCharsets.UTF_8));
        assertEquals(2, load.errors());
        load.submit(steps.get(3).statement().toByteArray());
        assertEquals(2, load.errors());
        assertEquals(5, ledger.journal().size());
        // GETs on the same connection: 200 is no error, 404 is one.
        load.get("/v1/proofs/inclusion?seq=2");
        assertEquals(2, load.errors());
        load.get("/v1/proofs/inclusion?seq=99");
        assertEquals(3, load.errors());
        load.submit(steps.get(4).statement().toByteArray());
        assertEquals(3, load.errors());
        assertEquals(6, ledger.journal().size());
      }
    }
  }
}
