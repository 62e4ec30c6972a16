package org.creditbank.ledger.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The keys of the derived state are part of the state digest, so their form must never drift. */
class BankStateKeysPropertiesTest {
  @Property(tries = 2000)
  void eightDigits_anyInt_matchesFormat(@ForAll int n) {
    assertEquals(String.format(Locale.ROOT, "%08d", n), BankState.eightDigits(n));
  }

  @Property(tries = 2000)
  void eightDigits_smallCount_matchesFormat(@ForAll @IntRange(min = 0, max = 100_000) int n) {
    assertEquals(String.format(Locale.ROOT, "%08d", n), BankState.eightDigits(n));
  }
}
