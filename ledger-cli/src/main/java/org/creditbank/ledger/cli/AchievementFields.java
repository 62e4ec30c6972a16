package org.creditbank.ledger.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.creditbank.ledger.bank.AchievementRecordedBody;

/**
 * The fields of one achievement as text, from {@code issue}'s options or a CSV row, and the body
 * they make. Every column of the CSV is one of {@link #REQUIRED} or {@link #OPTIONAL}.
 */
final class AchievementFields {
  /** The CSV columns: required first (the body's own required members), then optional. */
  static final List<String> REQUIRED = AchievementRecordedBody.REQUIRED_MEMBERS;

  static final List<String> OPTIONAL =
      List.of("validUntil", "supersedes", "evidenceSha256", "evidenceType", "id");

  private AchievementFields() {}

  /**
   * Builds the {@code achievement.recorded} body from named text values (absent or empty optional
   * values are left out).
   *
   * @throws Cli.Failure a usage error saying which value is wrong
   */
  static ObjectNode body(Map<String, String> v) {
    ObjectNode b = JsonNodeFactory.instance.objectNode();
    for (String name :
        List.of("achievement", "learner", "kind", "title", "code", "field", "level")) {
      b.put(name, v.get(name));
    }
    b.put("credits", number(v.get("credits"), "credits"));
    try {
      b.put("hours", Integer.parseInt(v.get("hours").strip()));
    } catch (NumberFormatException e) {
      throw Cli.usage("want a whole number of hours, got '" + v.get("hours") + "'");
    }
    b.set("result", result(v.get("result")));
    b.put("completed", v.get("completed"));
    putIf(b, "validUntil", v.get("validUntil"));
    putIf(b, "supersedes", v.get("supersedes"));
    String sha = v.get("evidenceSha256");
    if (sha != null && !sha.isEmpty()) {
      ObjectNode e = b.putObject("evidence");
      e.put("sha256", sha);
      // An empty CSV cell is absent, like every optional field: the default applies.
      String type = v.get("evidenceType");
      e.put("mediaType", type == null || type.isEmpty() ? "application/pdf" : type);
    }
    return b;
  }

  /**
   * Parses a result: {@code score:86.5}, {@code passed}, {@code failed} or {@code
   * grade:B+:A|A-|B+|B} (the grade, then the scale best first).
   */
  static ObjectNode result(String r) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    String s = r == null ? "" : r.strip();
    if (s.equals("passed") || s.equals("failed")) {
      o.put("passed", s.equals("passed"));
    } else if (s.startsWith("score:")) {
      o.put("score", number(s.substring(6), "score"));
    } else if (s.startsWith("grade:") && s.indexOf(':', 6) > 6) {
      int colon = s.indexOf(':', 6);
      o.put("grade", s.substring(6, colon));
      var scale = o.putArray("scale");
      for (String g : s.substring(colon + 1).split("\\|", -1)) {
        scale.add(g);
      }
    } else {
      throw Cli.usage(
          "want a result such as score:86.5, passed, failed or grade:B+:A|B+|B|C, got '" + r + "'");
    }
    return o;
  }

  private static BigDecimal number(String s, String what) {
    try {
      return new BigDecimal(s.strip());
    } catch (NumberFormatException | NullPointerException e) {
      throw Cli.usage("want a number for " + what + ", got '" + s + "'");
    }
  }

  private static void putIf(ObjectNode o, String name, String value) {
    if (value != null && !value.isEmpty()) {
      o.put(name, value);
    }
  }
}
