package org.creditbank.ledger.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** Leaf times are hashed into the log, so the hand-written formatter must match the pattern. */
class LeafTimePropertiesTest {
  private static final DateTimeFormatter PATTERN =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  @Property(tries = 2000)
  void formatTime_anyMillis_matchesPattern(
      // Years -200 to 12000: both sides of the hand-written range 0000 to 9999.
      @ForAll @LongRange(min = -68_500_000_000_000L, max = 316_560_000_000_000L) long millis) {
    Instant t = Instant.ofEpochMilli(millis);
    assertEquals(PATTERN.format(t), Leaf.formatTime(t));
  }

  @Property(tries = 500)
  void formatTime_nearNow_matchesPattern(
      @ForAll @LongRange(min = 1_700_000_000_000L, max = 1_900_000_000_000L) long millis) {
    Instant t = Instant.ofEpochMilli(millis);
    assertEquals(PATTERN.format(t), Leaf.formatTime(t));
  }
}
