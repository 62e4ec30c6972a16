package org.creditbank.ledger.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link Statement#parseIssuedAt} reads the fields by hand; it must accept and refuse exactly what
 * {@link DateTimeFormatter#ISO_INSTANT} does for text of the issuedAt pattern, with the same
 * result.
 */
class IssuedAtPropertiesTest {
  @Property(tries = 3000)
  void parseIssuedAt_patternText_agreesWithIsoInstant(
      @ForAll @IntRange(min = 0, max = 9999) int year,
      @ForAll @IntRange(min = 0, max = 19) int month,
      @ForAll @IntRange(min = 0, max = 39) int day,
      @ForAll @IntRange(min = 0, max = 23) int hour,
      @ForAll @IntRange(min = 0, max = 59) int minute,
      @ForAll @IntRange(min = 0, max = 59) int second,
      @ForAll @IntRange(min = 0, max = 9) int fractionDigits,
      @ForAll @IntRange(min = 0, max = 999_999_999) int fraction)
      throws StatementException {
    String digits = String.format(Locale.ROOT, "%09d", fraction).substring(0, fractionDigits);
    String text =
        String.format(
                Locale.ROOT,
                "%04d-%02d-%02dT%02d:%02d:%02d",
                year,
                month,
                day,
                hour,
                minute,
                second)
            + (fractionDigits == 0 ? "" : "." + digits)
            + "Z";
    Instant want;
    try {
      want = DateTimeFormatter.ISO_INSTANT.parse(text, Instant::from);
    } catch (DateTimeException e) {
      StatementException got =
          assertThrows(StatementException.class, () -> Statement.parseIssuedAt(text));
      assertEquals(
          "want an RFC 3339 UTC time such as \"2026-11-27T09:30:00Z\" at /issuedAt, got \""
              + text
              + "\"",
          got.getMessage());
      return;
    }
    assertEquals(want, Statement.parseIssuedAt(text));
  }
}
