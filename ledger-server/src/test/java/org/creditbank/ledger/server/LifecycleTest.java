package org.creditbank.ledger.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LifecycleTest {
  @TempDir Path dir;

  @Test
  void reloadTokens_newFile_oldTokenGoneNewOneWorks() throws Exception {
    try (Fixture f = new Fixture(dir)) {
      assertEquals(200, f.get("/metrics", Fixture.OPERATOR).statusCode());
      Files.writeString(f.tokens, "new-operator-token-000001 operator\n");
      f.server.reloadTokens();
      assertEquals(401, f.get("/metrics", Fixture.OPERATOR).statusCode());
      assertEquals(200, f.get("/metrics", "new-operator-token-000001").statusCode());
    }
  }

  @Test
  void reloadTokens_malformedFile_keepsTokensInUse() throws Exception {
    try (Fixture f = new Fixture(dir)) {
      Files.writeString(f.tokens, "oops\n");
      TokenFileException e = assertThrows(TokenFileException.class, f.server::reloadTokens);
      assertEquals(
          f.tokens
              + " line 1: want a token of 22 to 512 characters (22 hold 128 random bits in base64:"
              + " openssl rand -hex 16), got one of 4",
          e.getMessage());
      assertEquals(200, f.get("/metrics", Fixture.OPERATOR).statusCode());
    }
  }

  @Test
  void close_requestInFlight_finishesBeforeTheServerStops() throws Exception {
    try (Fixture f = new Fixture(dir)) {
      byte[] statement = f.enrolment();
      try (java.net.Socket s = new java.net.Socket()) {
        s.connect(f.server.address(), 10_000);
        s.setSoTimeout(30_000);
        java.io.OutputStream out = s.getOutputStream();
        // Headers and half the body: the handler is now reading, in flight.
        out.write(
            ("POST /v1/statements HTTP/1.1\r\nHost: x\r\nContent-Length: "
                    + statement.length
                    + "\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        out.write(statement, 0, statement.length / 2);
        out.flush();
        while (f.server.inFlight() == 0) {
          Thread.onSpinWait();
        }
        Thread closer = new Thread(f.server::close);
        closer.start();
        while (!f.server.closing()) {
          Thread.onSpinWait();
        }
        out.write(statement, statement.length / 2, statement.length - statement.length / 2);
        out.flush();
        byte[] head = s.getInputStream().readNBytes(12);
        assertEquals(
            "HTTP/1.1 201", new String(head, java.nio.charset.StandardCharsets.ISO_8859_1));
        closer.join();
      }
      assertThrows(IOException.class, () -> f.get("/healthz", null));
    }
  }

  @Test
  void close_stopsListeningButLeavesTheLedgerOpen() throws Exception {
    try (Fixture f = new Fixture(dir)) {
      assertEquals(200, f.get("/healthz", null).statusCode());
      f.server.close();
      f.server.close();
      assertThrows(IOException.class, () -> f.get("/healthz", null));
      // The ledger is the caller's: still open and taking statements.
      assertEquals(false, f.ledger.submit(f.enrolment()).repeat());
    }
  }
}
