package org.creditbank.ledger.bank;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import org.creditbank.ledger.util.Bytes;
import org.junit.jupiter.api.Test;

/** The decoded-record cache answers only for the exact bytes an entry was decoded from. */
class DecodedCacheTest {
  private static Bytes b(String s) {
    return Bytes.copyFrom(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anEntry_isUsedOnlyWhileTheStoredValueIsTheSame() {
    BankState.Decoded d = new BankState.Decoded();
    Object first = new Object();
    d.put(b("inst/A"), b("{\"v\":1}"), first);
    assertSame(first, d.get(b("inst/A"), b("{\"v\":1}")), "same key, equal bytes: a hit");
    assertNull(d.get(b("inst/A"), b("{\"v\":2}")), "the record changed: a miss, never stale");
    assertNull(d.get(b("inst/B"), b("{\"v\":1}")), "another key with the same bytes: a miss");
    Object second = new Object();
    d.put(b("inst/A"), b("{\"v\":2}"), second);
    assertSame(second, d.get(b("inst/A"), b("{\"v\":2}")));
    assertNull(d.get(b("inst/A"), b("{\"v\":1}")), "the old value is gone with its entry");
  }

  @Test
  void theCache_isBounded() {
    BankState.Decoded d = new BankState.Decoded();
    Object first = new Object();
    d.put(b("k/0"), b("v"), first);
    for (int i = 1; i <= 1024; i++) {
      d.put(b("k/" + i), b("v"), new Object());
    }
    assertNull(d.get(b("k/0"), b("v")), "the least recently used entry was dropped");
    assertSame(d.get(b("k/1024"), b("v")), d.get(b("k/1024"), b("v")));
  }
}
