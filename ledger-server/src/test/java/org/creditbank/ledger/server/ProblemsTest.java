package org.creditbank.ledger.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.creditbank.ledger.bank.RejectCode;
import org.junit.jupiter.api.Test;

class ProblemsTest {
  /** docs/api.md's mapping table has one row {@code | `CODE` | status | ... |} per reject code. */
  @Test
  void status_everyRejectCode_asDocumented() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "api.md"));
    Matcher m = Pattern.compile("(?m)^\\| `([A-Z_]+)` \\| (\\d{3}) \\|").matcher(doc);
    List<String> failures = new ArrayList<>();
    int rows = 0;
    while (m.find()) {
      String code = m.group(1);
      int status = Integer.parseInt(m.group(2));
      boolean isReject = false;
      for (RejectCode c : RejectCode.values()) {
        if (c.name().equals(code)) {
          isReject = true;
          rows++;
          if (Problems.status(c) != status) {
            failures.add(code + ": documented " + status + ", server " + Problems.status(c));
          }
        }
      }
      if (!isReject && !serverCodes().contains(code)) {
        failures.add(code + ": documented, but no such code");
      }
    }
    assertEquals(List.of(), failures);
    assertEquals(RejectCode.values().length, rows);
  }

  private static List<String> serverCodes() {
    return List.of(
        Problems.BAD_PARAMETER,
        Problems.UNAUTHENTICATED,
        Problems.FORBIDDEN,
        Problems.NOT_FOUND,
        Problems.METHOD_NOT_ALLOWED,
        Problems.BODY_TOO_LARGE,
        Problems.URI_TOO_LONG,
        Problems.UNAVAILABLE,
        Problems.OVERLOADED,
        Problems.STORAGE_UNAVAILABLE,
        Problems.INTERNAL);
  }

  @Test
  void title_code_sentenceCase() {
    assertEquals("Bad proof", Problems.title("BAD_PROOF"));
    assertEquals("Not found", Problems.title("NOT_FOUND"));
  }
}
