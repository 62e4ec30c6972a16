package org.creditbank.ledger.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokensTest {
  @TempDir Path tmp;

  @Test
  void load_missingFile_saysNoSuchFileWithoutClassName() {
    // README's first server example named a tokens file that did not exist; the message read
    // "cannot read the tokens file tokens.txt: java.nio.file.NoSuchFileException: tokens.txt".
    Path none = tmp.resolve("tokens.txt");
    TokenFileException e = assertThrows(TokenFileException.class, () -> Tokens.load(none));
    assertEquals("cannot read the tokens file " + none + ": no such file", e.getMessage());
  }

  @Test
  void parse_everyRole_looksUpItsPrincipal() throws Exception {
    Tokens t =
        Tokens.parse(
            List.of(
                "# comment",
                "",
                "aaaaaaaaaaaaaaaaaaaaa1 operator",
                "aaaaaaaaaaaaaaaaaaaaa2\tauditor",
                "  aaaaaaaaaaaaaaaaaaaaa3 institution NURSE-VC  ",
                "aaaaaaaaaaaaaaaaaaaaa4 learner L-1"),
            "t");
    assertEquals(4, t.size());
    assertEquals(
        Optional.of(new Principal(Role.OPERATOR, Optional.empty())),
        t.lookup("aaaaaaaaaaaaaaaaaaaaa1"));
    assertEquals(
        Optional.of(new Principal(Role.AUDITOR, Optional.empty())),
        t.lookup("aaaaaaaaaaaaaaaaaaaaa2"));
    assertEquals(
        Optional.of(new Principal(Role.INSTITUTION, Optional.of("NURSE-VC"))),
        t.lookup("aaaaaaaaaaaaaaaaaaaaa3"));
    assertEquals(
        Optional.of(new Principal(Role.LEARNER, Optional.of("L-1"))),
        t.lookup("aaaaaaaaaaaaaaaaaaaaa4"));
    assertEquals(Optional.empty(), t.lookup("aaaaaaaaaaaaaaaaaaaaa5"));
    assertEquals(Optional.empty(), t.lookup(""));
  }

  @Test
  void parse_malformedLines_exactMessages() {
    String[][] cases = {
      {
        "short operator",
        "t line 1: want a token of 22 to 512 characters (22 hold 128 random bits in base64: openssl"
            + " rand -hex 16), got one of 5"
      },
      {
        "0123456789abcdef0123 operator",
        "t line 1: want a token of 22 to 512 characters (22 hold 128 random bits in base64: openssl"
            + " rand -hex 16), got one of 20"
      },
      {
        "a".repeat(513) + " operator",
        "t line 1: want a token of 22 to 512 characters (22 hold 128 random bits in base64: openssl"
            + " rand -hex 16), got one of 513"
      },
      {
        "0123456789abcdef0123456789!x operator",
        "t line 1: want a token of the characters A-Z a-z 0-9 - . _ ~ + / =, got one with another"
            + " character"
      },
      {"aaaaaaaaaaaaaaaaaaaaa1", "t line 1: want TOKEN ROLE [SUBJECT], got a token alone"},
      {
        "aaaaaaaaaaaaaaaaaaaaa1 admin",
        "t line 1: want role operator, auditor, institution or learner, got admin"
      },
      {"aaaaaaaaaaaaaaaaaaaaa1 learner", "t line 1: want 3 fields for role learner, got 2"},
      {"aaaaaaaaaaaaaaaaaaaaa1 auditor X", "t line 1: want 2 fields for role auditor, got 3"},
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
    assertEquals(8, cases.length);
  }

  @Test
  void parse_tokensAtTheLengthBounds_accepted() throws Exception {
    String shortest = "b".repeat(Tokens.MIN_LENGTH);
    String longest = "c".repeat(Tokens.MAX_LENGTH);
    Tokens t = Tokens.parse(List.of(shortest + " operator", longest + " auditor"), "t");
    assertEquals(Optional.of(new Principal(Role.OPERATOR, Optional.empty())), t.lookup(shortest));
    assertEquals(Optional.of(new Principal(Role.AUDITOR, Optional.empty())), t.lookup(longest));
  }

  @Test
  void parse_repeatedToken_refused() {
    TokenFileException e =
        assertThrows(
            TokenFileException.class,
            () ->
                Tokens.parse(
                    List.of("aaaaaaaaaaaaaaaaaaaaa1 operator", "aaaaaaaaaaaaaaaaaaaaa1 auditor"),
                    "t"));
    assertEquals("t line 2: want each token once, got a repeated token", e.getMessage());
  }
}
