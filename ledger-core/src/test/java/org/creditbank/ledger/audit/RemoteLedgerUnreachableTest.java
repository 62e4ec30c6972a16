package org.creditbank.ledger.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RemoteLedgerUnreachableTest {
  @Test
  void checkpoint_nothingListening_saysConnectionRefused() throws Exception {
    int port;
    // A port that was free a moment ago: nothing listens on it once the socket is closed.
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    URI base = URI.create("http://127.0.0.1:" + port);
    RemoteLedger l = RemoteLedger.of(base, Optional.empty());
    RemoteLedgerException e = assertThrows(RemoteLedgerException.class, l::checkpoint);
    // It read "GET http://127.0.0.1:PORT/v1/checkpoint: no answer: ConnectException".
    assertEquals(
        "cannot reach the ledger server at " + l.base() + ": GET v1/checkpoint: connection refused",
        e.getMessage());
    assertEquals(0, e.status());
  }
}
