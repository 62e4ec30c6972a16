package org.creditbank.ledger.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokensTest {
  @Test
  void parse_everyRole_looksUpItsPrincipal() throws Exception {
    Tokens t =
        Tokens.parse(
            List.of(
                "# comment",
                "",
                "aaaaaaaaaaaaaaaa1 operator",
                "aaaaaaaaaaaaaaaa2\tauditor",
                "  aaaaaaaaaaaaaaaa3 institution NURSE-VC  ",
                "aaaaaaaaaaaaaaaa4 learner L-1"),
            "t");
    assertEquals(4, t.size());
    assertEquals(
        Optional.of(new Principal(Role.OPERATOR, Optional.empty())), t.lookup("aaaaaaaaaaaaaaaa1"));
    assertEquals(
        Optional.of(new Principal(Role.AUDITOR, Optional.empty())), t.lookup("aaaaaaaaaaaaaaaa2"));
    assertEquals(
        Optional.of(new Principal(Role.INSTITUTION, Optional.of("NURSE-VC"))),
        t.lookup("aaaaaaaaaaaaaaaa3"));
    assertEquals(
        Optional.of(new Principal(Role.LEARNER, Optional.of("L-1"))),
        t.lookup("aaaaaaaaaaaaaaaa4"));
    assertEquals(Optional.empty(), t.lookup("aaaaaaaaaaaaaaaa5"));
    assertEquals(Optional.empty(), t.lookup(""));
  }

  @Test
  void parse_malformedLines_exactMessages() {
    String[][] cases = {
      {
        "short operator",
        "t line 1: want a token of 16 to 512 characters A-Z a-z 0-9 - . _ ~ + / =, got one of 5 characters that is not"
      },
      {"aaaaaaaaaaaaaaaa1", "t line 1: want TOKEN ROLE [SUBJECT], got a token alone"},
      {
        "aaaaaaaaaaaaaaaa1 admin",
        "t line 1: want role operator, auditor, institution or learner, got admin"
      },
      {"aaaaaaaaaaaaaaaa1 learner", "t line 1: want 3 fields for role learner, got 2"},
      {"aaaaaaaaaaaaaaaa1 auditor X", "t line 1: want 2 fields for role auditor, got 3"},
    };
    List<String> failures = new ArrayList<>();
    for (String[] c : cases) {
      TokenFileException e =
          assertThrows(TokenFileException.class, () -> Tokens.parse(List.of(c[0]), "t"));
      if (!e.getMessage().equals(c[1])) {
        failures.add(c[0] + ": " + e.getMessage());
      }
    }
    assertEquals(List.of(), failures);
    assertEquals(5, cases.length);
  }

  @Test
  void parse_repeatedToken_refused() {
    TokenFileException e =
        assertThrows(
            TokenFileException.class,
            () ->
                Tokens.parse(
                    List.of("aaaaaaaaaaaaaaaa1 operator", "aaaaaaaaaaaaaaaa1 auditor"), "t"));
    assertEquals("t line 2: want each token once, got a repeated token", e.getMessage());
  }
}
