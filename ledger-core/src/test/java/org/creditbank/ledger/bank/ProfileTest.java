package org.creditbank.ledger.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.creditbank.ledger.util.Bytes;
import org.junit.jupiter.api.Test;

class ProfileTest {
  static final Bytes SALT = IdentityCommitmentTest.SALT;

  static Profile full() {
    return new Profile(
        "L-0001-ab",
        "张三",
        Optional.of("11010519491231002x"),
        Optional.of("+86 138-0013-8000"),
        SALT);
  }

  @Test
  void new_lowerCaseX_isNormalized() {
    assertEquals(Optional.of("11010519491231002X"), full().identityNumber());
  }

  @Test
  void toString_full_hidesPersonalFields() {
    Profile p = full();
    String s = p.toString();
    assertEquals(
        "Profile[learner=L-0001-ab, name=***, identityNumber=***, phone=***, salt=***]", s);
    for (String secret :
        new String[] {"张三", "11010519491231002", "138", "8000", SALT.toHex().substring(0, 8)}) {
      assertFalse(s.contains(secret), secret);
    }
  }

  @Test
  void toString_absentFields_sayNone() {
    Profile p = new Profile("L-0001-ab", "Li Si", Optional.empty(), Optional.empty(), SALT);
    assertEquals(
        "Profile[learner=L-0001-ab, name=***, identityNumber=(none), phone=(none), salt=***]",
        p.toString());
  }

  @Test
  void new_badFields_throwWithoutPersonalData() {
    Optional<String> id = Optional.of("11010519491231002X");
    Optional<String> none = Optional.empty();
    String[][] cases = {
      {"learner", "want a learner id matching [A-Za-z0-9-]{6,40}, got \"L_1\""},
      {"name-empty", "want a name of 1 to 200 code points, got 0"},
      {"name-long", "want a name of 1 to 200 code points, got 201"},
      {
        "id",
        "want a digit or X at position 18 of the resident identity number, got another character"
      },
      {"phone-short", "want a phone number of 5 to 20 characters, got 4"},
      {"phone-long", "want a phone number of 5 to 20 characters, got 21"},
      {"phone-char", "want a phone number of digits, spaces, '+' and '-', got another character"},
      {"salt", "want a salt of 32 bytes, got 33 bytes"},
    };
    String longName = "名".repeat(201);
    for (String[] c : cases) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> {
                switch (c[0]) {
                  case "learner" -> new Profile("L_1", "n", none, none, SALT);
                  case "name-empty" -> new Profile("L-0001-ab", "", none, none, SALT);
                  case "name-long" -> new Profile("L-0001-ab", longName, none, none, SALT);
                  case "id" ->
                      new Profile("L-0001-ab", "n", Optional.of("11010519491231002Y"), none, SALT);
                  case "phone-short" ->
                      new Profile("L-0001-ab", "n", id, Optional.of("1380"), SALT);
                  case "phone-long" ->
                      new Profile("L-0001-ab", "n", id, Optional.of("1".repeat(21)), SALT);
                  case "phone-char" ->
                      new Profile("L-0001-ab", "n", id, Optional.of("138 0013 800a"), SALT);
                  case "salt" ->
                      new Profile("L-0001-ab", "n", id, none, Bytes.copyFrom(new byte[33]));
                  default -> throw new AssertionError(c[0]);
                }
              },
              c[0]);
      assertEquals(c[1], e.getMessage(), c[0]);
    }
    assertEquals(8, cases.length);
  }

  @Test
  void new_name200CodePointsOutsideBmp_isAccepted() {
    String name = "\uD840\uDC00".repeat(200);
    assertEquals(
        name, new Profile("L-0001-ab", name, Optional.empty(), Optional.empty(), SALT).name());
  }
}
