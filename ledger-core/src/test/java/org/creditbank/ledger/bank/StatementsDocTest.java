package org.creditbank.ledger.bank;

import static org.creditbank.ledger.bank.TestKeys.ACTOR;
import static org.creditbank.ledger.bank.TestKeys.LEDGER;
import static org.creditbank.ledger.bank.TestKeys.seeded;
import static org.creditbank.ledger.bank.TestKeys.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.util.Hex;
import org.junit.jupiter.api.Test;

/**
 * Keeps the signed example in docs/statements.md true: regenerates it from a fixed key and time,
 * rewrites the file if it differs, and fails under CI if it had to.
 */
class StatementsDocTest {
  private static final String START = "<!-- example:envelope -->\n";
  private static final String END = "<!-- /example -->";

  /** A row of the reject-code table: {@code | `CODE` | when |}. */
  private static final Pattern CODE_ROW = Pattern.compile("^\\| `([A-Z_]+)` \\|");

  private static Path doc() {
    // Tests run in ledger-core/; the docs folder is beside it.
    Path p = Paths.get("..", "docs", "statements.md").toAbsolutePath().normalize();
    assertTrue(Files.exists(p), "missing " + p);
    return p;
  }

  static String example() throws StatementException {
    Ed25519PrivateKey key = seeded(1);
    StatementSigner signer = new StatementSigner(LEDGER, ACTOR, key);
    ObjectNode body = BodyFixtures.achievement().toJson();
    byte[] bytes =
        signer.sign(
            StatementType.ACHIEVEMENT_RECORDED,
            "ach-2026-000123",
            Instant.parse("2026-11-27T09:30:00Z"),
            body);
    Statement s = Statement.parse(bytes, LEDGER);
    String canonical = new String(bytes, StandardCharsets.UTF_8);
    return "Signed with the key whose seed is 32 bytes of `0x01` (`"
        + Hex.encode(key.exportSeedUnsafe())
        + "`), public key `"
        + key.publicKey().toDidKey()
        + "`, for ledger `"
        + s.ledger()
        + "`. The key is public test material, never to be used for real; the content is invented.\n\n"
        + "Indented for reading:\n\n```json\n"
        + tree(bytes).toPrettyString().replace("\r\n", "\n")
        + "\n```\n\nThe bytes that are submitted and that the journal stores (RFC 8785, one line):\n\n"
        + "```json\n"
        + canonical
        + "\n```\n";
  }

  @Test
  void statementsDoc_example_isCurrent() throws IOException, StatementException {
    Path p = doc();
    String text = Files.readString(p, StandardCharsets.UTF_8);
    int a = text.indexOf(START);
    int b = text.indexOf(END, Math.max(a, 0));
    assertTrue(a >= 0 && b > a, "want markers " + START.trim() + " and " + END + " in " + p);
    String current = text.substring(a + START.length(), b);
    String wanted = example();
    if (!current.equals(wanted)) {
      String updated = text.substring(0, a + START.length()) + wanted + text.substring(b);
      Files.writeString(p, updated, StandardCharsets.UTF_8);
      assertFalse(
          System.getenv("CI") != null,
          "docs/statements.md example was stale; rewritten, commit it (" + p + ")");
    }
    assertEquals(wanted, example());
  }

  @Test
  void statementsDoc_rejectCodes_listEveryCodeOnce() throws IOException {
    String text = Files.readString(doc(), StandardCharsets.UTF_8);
    int a = text.indexOf("## Reject codes");
    int b = text.indexOf("\n## ", a + 1);
    assertTrue(a >= 0 && b > a, "want a section ## Reject codes in docs/statements.md");
    List<String> listed = new ArrayList<>();
    for (String line : text.substring(a, b).split("\n", -1)) {
      Matcher m = CODE_ROW.matcher(line);
      if (m.find()) {
        listed.add(m.group(1));
      }
    }
    List<String> codes = new ArrayList<>();
    for (RejectCode c : RejectCode.values()) {
      codes.add(c.name());
    }
    assertEquals(
        new TreeSet<>(codes),
        new TreeSet<>(listed),
        "want the table of docs/statements.md to list every RejectCode");
    assertEquals(codes.size(), listed.size(), "want each code listed once: " + listed);
  }

  /** A signed example of a typed body, checked to parse back to the same record. */
  static String typedExample(int seed, String actor, String id, Body body)
      throws StatementException {
    Ed25519PrivateKey key = seeded(seed);
    StatementSigner signer = new StatementSigner(LEDGER, actor, key);
    byte[] bytes =
        signer.sign(body.type(), id, Instant.parse("2026-11-27T09:30:00Z"), body.toJson());
    Statement s = Statement.parse(bytes, LEDGER);
    assertEquals(Optional.of(body), Bodies.parse(s));
    return "Signed by `"
        + actor
        + "` with the test key whose seed is 32 bytes of `0x"
        + String.format(Locale.ROOT, "%02x", seed)
        + "` (public key `"
        + key.publicKey().toDidKey()
        + "`); test material only.\n\n```json\n"
        + tree(bytes).toPrettyString().replace("\r\n", "\n")
        + "\n```\n\nCanonical (RFC 8785):\n\n```json\n"
        + new String(bytes, StandardCharsets.UTF_8)
        + "\n```\n";
  }

  static Map<String, String> typedExamples() throws StatementException {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(
        "ledger.genesis",
        typedExample(1, BodyFixtures.OPERATOR, "genesis", BodyFixtures.genesis()));
    m.put(
        "institution.registered",
        typedExample(1, BodyFixtures.OPERATOR, "reg-UNIV-0001", BodyFixtures.institution()));
    m.put(
        "institution.keyAdded",
        typedExample(2, "UNIV-0001", "key-2026-0002", BodyFixtures.keyAdded()));
    m.put(
        "institution.keyRevoked",
        typedExample(2, "UNIV-0001", "key-2026-0003", BodyFixtures.keyRevoked()));
    m.put(
        "learner.enrolled",
        typedExample(2, "UNIV-0001", "enrol-2026-000042", BodyFixtures.learner()));
    m.put(
        "achievement.recorded",
        typedExample(4, BodyFixtures.CERT_BODY, "rec-2026-0042", BodyFixtures.certificate()));
    m.put(
        "achievement.revoked",
        typedExample(2, "UNIV-0001", "rev-2026-0001", BodyFixtures.achievementRevoked()));
    m.put(
        "rule.published", typedExample(2, "UNIV-0001", "pub-rule-nursing-rn", BodyFixtures.rule()));
    m.put(
        "rule.retired",
        typedExample(2, "UNIV-0001", "ret-rule-nursing-rn-2025", BodyFixtures.ruleRetired()));
    m.put(
        "credit.converted",
        typedExample(2, "UNIV-0001", "conv-2026-000007", BodyFixtures.conversion()));
    m.put(
        "program.published",
        typedExample(2, "UNIV-0001", "pub-prog-nursing-bsc", BodyFixtures.program()));
    return m;
  }

  @Test
  void statementsDoc_typedExamples_areCurrent() throws IOException, StatementException {
    Path p = doc();
    String text = Files.readString(p, StandardCharsets.UTF_8);
    String original = text;
    Map<String, String> examples = typedExamples();
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, String> e : examples.entrySet()) {
      String start = "<!-- example:" + e.getKey() + " -->\n";
      int a = text.indexOf(start);
      int b = a < 0 ? -1 : text.indexOf(END, a);
      if (a < 0 || b < 0) {
        missing.add(e.getKey());
        continue;
      }
      text = text.substring(0, a + start.length()) + e.getValue() + text.substring(b);
    }
    assertEquals(List.of(), missing, "want example markers in " + p);
    List<String> types = new ArrayList<>();
    for (StatementType t : StatementType.values()) {
      types.add(t.wireName());
    }
    assertEquals(types, List.copyOf(examples.keySet()), "want one example per statement type");
    if (!text.equals(original)) {
      Files.writeString(p, text, StandardCharsets.UTF_8);
      assertFalse(
          System.getenv("CI") != null,
          "docs/statements.md typed examples were stale; rewritten, commit it (" + p + ")");
    }
  }
}
