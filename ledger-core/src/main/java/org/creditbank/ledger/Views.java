package org.creditbank.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.creditbank.ledger.bank.AchievementRecord;
import org.creditbank.ledger.bank.AchievementRef;
import org.creditbank.ledger.bank.Body;
import org.creditbank.ledger.bank.ConversionRecord;
import org.creditbank.ledger.bank.ConversionRef;
import org.creditbank.ledger.bank.InstitutionRecord;
import org.creditbank.ledger.bank.InstitutionRegisteredBody;
import org.creditbank.ledger.bank.LearnerRecord;
import org.creditbank.ledger.bank.OutcomeKind;
import org.creditbank.ledger.bank.ProgramProgress;
import org.creditbank.ledger.bank.ProgramRecord;
import org.creditbank.ledger.bank.RuleRecord;
import org.creditbank.ledger.bank.Transcript;
import org.creditbank.ledger.journal.Leaf;
import org.creditbank.ledger.journal.Receipt;
import org.creditbank.ledger.json.JsonFormatException;
import org.creditbank.ledger.json.JsonLimits;
import org.creditbank.ledger.json.StrictJson;
import org.creditbank.ledger.util.Hash;

/**
 * Renders what {@link CreditLedger} returns as JSON objects with stable member names, for the CLI's
 * {@code --json} output and the HTTP server's responses.
 *
 * <p>Conventions, the same in every view:
 *
 * <ul>
 *   <li>hashes of log entries ({@code leafHash}, {@code prev}, {@code hash}) and identity
 *       commitments are lower-case hex, as the leaf format writes {@code prev}; hashes that appear
 *       in C2SP notes (a checkpoint's {@code root}, the {@code inclusionProof}) are standard
 *       base64, as the notes write them;
 *   <li>credits are JSON numbers written from the exact decimal, never in exponent form ({@code
 *       10}, {@code 2.5}); dates are ISO 8601 {@code YYYY-MM-DD}; ledger times are RFC 3339 UTC
 *       with three fractional digits, as in a leaf;
 *   <li>statuses are the enum names ({@code ACTIVE}, {@code REVOKED}, {@code SUPERSEDED}, {@code
 *       EXPIRED}, {@code VOID}); kinds, reasons and statement types their wire names;
 *   <li>every member a view documents is always present; one that has no value is {@code null};
 *   <li>{@code body} members are the statement body exactly as {@link Body#toJson()} writes it (an
 *       absent optional member of a body is left out there, as in the signed statement).
 * </ul>
 *
 * <p>Every method returns a new object the caller may change. {@link #write} serializes a view.
 */
public final class Views {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private static final ObjectMapper WRITER =
      JsonMapper.builder()
          .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          .disable(JsonWriteFeature.ESCAPE_NON_ASCII)
          .build();

  private Views() {}

  /**
   * Renders a receipt: {@code {"seq", "leafHash", "repeat", "origin", "size", "root", "checkpoint",
   * "inclusionProof"}}, where {@code checkpoint} is the whole signed note as text
   * (c2sp.org/signed-note: body, blank line, signature lines, each line ending in a newline),
   * {@code origin}, {@code size} and {@code root} its checkpoint body (c2sp.org/tlog-checkpoint),
   * and {@code inclusionProof} the RFC 6962 audit path, leaf side first, each hash in base64.
   *
   * @param r the receipt
   * @return the view
   */
  public static ObjectNode receipt(Receipt r) {
    ObjectNode o = F.objectNode();
    o.put("seq", r.seq());
    o.put("leafHash", r.leafHash().toHex());
    o.put("repeat", r.repeat());
    o.put("origin", r.tree().origin());
    o.put("size", r.tree().size());
    o.put("root", r.tree().root().toBase64());
    o.put("checkpoint", new String(r.checkpoint().toBytes(), StandardCharsets.UTF_8));
    ArrayNode proof = o.putArray("inclusionProof");
    for (Hash h : r.inclusionProof()) {
      proof.add(h.toBase64());
    }
    return o;
  }

  /**
   * Renders a log entry: {@code {"seq", "prev", "time", "hash", "statement"}}, with {@code
   * statement} the signed statement as a JSON object (its numbers kept exact).
   *
   * @param leaf the entry
   * @return the view
   * @throws IllegalArgumentException if the leaf's statement is not a JSON object, which a leaf the
   *     journal built or parsed never is
   */
  public static ObjectNode leaf(Leaf leaf) {
    JsonNode statement;
    try {
      statement =
          new StrictJson(new JsonLimits(Leaf.MAX_BYTES, JsonLimits.DEFAULT.maxDepth()))
              .parse(leaf.statement().toByteArray());
    } catch (JsonFormatException e) {
      throw new IllegalArgumentException(
          "want a JSON statement in leaf " + leaf.seq() + ", got: " + e.getMessage(), e);
    }
    ObjectNode o = F.objectNode();
    o.put("seq", leaf.seq());
    o.put("prev", leaf.prev().toHex());
    o.put("time", Leaf.formatTime(leaf.time()));
    o.put("hash", leaf.hash().toHex());
    o.set("statement", plain(statement));
    return o;
  }

  /**
   * Renders a statement body exactly as {@link Body#toJson()} writes it, with its decimals in plain
   * form.
   *
   * @param body the body
   * @return the view
   */
  public static ObjectNode body(Body body) {
    return (ObjectNode) plain(body.toJson());
  }

  /**
   * Renders a transcript: {@code {"learner": learner view, "asOf", "totalCredits", "creditsByKind",
   * "creditsByLevel", "creditsByField", "creditsByProgram", "achievements": [{"status", "counts",
   * "achievement": achievement view}], "conversions": [conversion view]}}, where {@code status} is
   * the status on {@code asOf} and {@code counts} whether its credits count. The {@code creditsBy*}
   * objects map a kind's wire name, a level code, a field or {@code OWNER/PROGRAM} to credits.
   *
   * @param t the transcript
   * @return the view
   */
  public static ObjectNode transcript(Transcript t) {
    ObjectNode o = F.objectNode();
    o.set("learner", learner(t.learner()));
    o.put("asOf", t.asOf().toString());
    o.set("totalCredits", credits(t.totalCredits()));
    ObjectNode byKind = o.putObject("creditsByKind");
    for (Map.Entry<OutcomeKind, BigDecimal> e : t.creditsByKind().entrySet()) {
      byKind.set(e.getKey().wireName(), credits(e.getValue()));
    }
    o.set("creditsByLevel", creditMap(t.creditsByLevel()));
    o.set("creditsByField", creditMap(t.creditsByField()));
    o.set("creditsByProgram", creditMap(t.creditsByProgram()));
    ArrayNode a = o.putArray("achievements");
    for (Transcript.Line line : t.achievements()) {
      ObjectNode l = a.addObject();
      l.put("status", line.status().name());
      l.put("counts", line.counts());
      l.set("achievement", achievement(line.record()));
    }
    ArrayNode c = o.putArray("conversions");
    for (ConversionRecord r : t.conversions()) {
      c.add(conversion(r));
    }
    return o;
  }

  /**
   * Renders a learner's progress through a programme: {@code {"learner", "program": program view,
   * "asOf", "ownCredits", "convertedCredits", "convertedCounted", "countedCredits", "complete",
   * "requirements": [{"description", "met", "status"}]}}.
   *
   * @param p the progress
   * @return the view
   */
  public static ObjectNode progress(ProgramProgress p) {
    ObjectNode o = F.objectNode();
    o.put("learner", p.learner());
    o.set("program", program(p.program()));
    o.put("asOf", p.asOf().toString());
    o.set("ownCredits", credits(p.ownCredits()));
    o.set("convertedCredits", credits(p.convertedCredits()));
    o.set("convertedCounted", credits(p.convertedCounted()));
    o.set("countedCredits", credits(p.countedCredits()));
    o.put("complete", p.complete());
    ArrayNode a = o.putArray("requirements");
    for (ProgramProgress.Requirement r : p.requirements()) {
      ObjectNode ro = a.addObject();
      ro.put("description", r.description());
      ro.put("met", r.met());
      ro.put("status", r.status());
    }
    return o;
  }

  /**
   * Renders an achievement's history: {@code {"achievement": achievement view, "entries": [{"seq",
   * "time", "type", "actor", "id", "leafHash"}]}}, entries in log order.
   *
   * @param h the history
   * @return the view
   */
  public static ObjectNode history(AchievementHistory h) {
    ObjectNode o = F.objectNode();
    o.set("achievement", achievement(h.achievement()));
    ArrayNode a = o.putArray("entries");
    for (AchievementHistory.Entry e : h.entries()) {
      ObjectNode eo = a.addObject();
      eo.put("seq", e.seq());
      eo.put("time", Leaf.formatTime(e.time()));
      eo.put("type", e.type().wireName());
      eo.put("actor", e.actor());
      eo.put("id", e.id());
      eo.put("leafHash", e.leafHash().toHex());
    }
    return o;
  }

  /**
   * Renders the inclusion proof of one entry in the tree of a given size (RFC 6962 §2.1.1): {@code
   * {"seq", "size", "leafHash", "root", "proof"}}, {@code root} the root of that tree and {@code
   * proof} the audit path, leaf side first, each hash in base64.
   *
   * @param seq the entry
   * @param size the tree size
   * @param leafHash the entry's leaf hash
   * @param root the root of the tree of {@code size} entries
   * @param proof the audit path
   * @return the view
   */
  public static ObjectNode inclusionProof(
      long seq, long size, Hash leafHash, Hash root, List<Hash> proof) {
    ObjectNode o = F.objectNode();
    o.put("seq", seq);
    o.put("size", size);
    o.put("leafHash", leafHash.toHex());
    o.put("root", root.toBase64());
    o.set("proof", hashes(proof));
    return o;
  }

  /**
   * Renders a consistency proof between two tree sizes (RFC 6962 §2.1.2): {@code {"from", "to",
   * "fromRoot", "toRoot", "proof"}}, each hash in base64.
   *
   * @param from the older size
   * @param to the newer size
   * @param fromRoot the root of the older tree
   * @param toRoot the root of the newer tree
   * @param proof the proof
   * @return the view
   */
  public static ObjectNode consistencyProof(
      long from, long to, Hash fromRoot, Hash toRoot, List<Hash> proof) {
    ObjectNode o = F.objectNode();
    o.put("from", from);
    o.put("to", to);
    o.put("fromRoot", fromRoot.toBase64());
    o.put("toRoot", toRoot.toBase64());
    o.set("proof", hashes(proof));
    return o;
  }

  /**
   * Renders a learner's history: {@code {"learner": learner view, "achievements": [history view]}},
   * one history per achievement of the learner, in the order of the learner's account.
   *
   * @param learner the learner's account
   * @param histories the history of each of the learner's achievements
   * @return the view
   */
  public static ObjectNode learnerHistory(
      LearnerRecord learner, List<AchievementHistory> histories) {
    ObjectNode o = F.objectNode();
    o.set("learner", learner(learner));
    ArrayNode a = o.putArray("achievements");
    for (AchievementHistory h : histories) {
      a.add(history(h));
    }
    return o;
  }

  /**
   * Renders an institution: {@code {"id", "name", "kind", "parent", "seq", "permissions": {"issue":
   * [kind], "enrol", "acceptConversions"}, "keys": [{"key", "active", "addedSeq", "revokedSeq",
   * "reason"}]}}; the operator's {@code kind} is {@code null}.
   *
   * @param r the institution
   * @return the view
   */
  public static ObjectNode institution(InstitutionRecord r) {
    ObjectNode o = F.objectNode();
    o.put("id", r.id());
    o.put("name", r.name());
    o.put("kind", r.kind().map(k -> k.wireName()).orElse(null));
    o.put("parent", r.parent().orElse(null));
    o.put("seq", r.seq());
    InstitutionRegisteredBody.Permissions p = r.permissions();
    ObjectNode po = o.putObject("permissions");
    ArrayNode issue = po.putArray("issue");
    p.issue().stream().sorted().forEach(k -> issue.add(k.wireName()));
    po.put("enrol", p.enrol());
    po.put("acceptConversions", p.acceptConversions());
    ArrayNode keys = o.putArray("keys");
    for (InstitutionRecord.KeyRecord k : r.keys()) {
      ObjectNode ko = keys.addObject();
      ko.put("key", k.didKey());
      ko.put("active", k.active());
      ko.put("addedSeq", k.addedSeq());
      putSeq(ko, "revokedSeq", k.revokedSeq());
      ko.put("reason", k.reason().map(x -> x.wireName()).orElse(null));
    }
    return o;
  }

  /**
   * Renders a rule: {@code {"owner", "rule", "seq", "retiredSeq", "body"}}, {@code rule} the rule's
   * id and {@code body} its {@code rule.published} body.
   *
   * @param r the rule
   * @return the view
   */
  public static ObjectNode rule(RuleRecord r) {
    ObjectNode o = F.objectNode();
    o.put("owner", r.owner());
    o.put("rule", r.body().rule());
    o.put("seq", r.seq());
    putSeq(o, "retiredSeq", r.retiredSeq());
    o.set("body", body(r.body()));
    return o;
  }

  /**
   * Renders a programme: {@code {"owner", "program", "seq", "body"}}, {@code program} the
   * programme's id and {@code body} its {@code program.published} body.
   *
   * @param r the programme
   * @return the view
   */
  public static ObjectNode program(ProgramRecord r) {
    ObjectNode o = F.objectNode();
    o.put("owner", r.owner());
    o.put("program", r.body().program());
    o.put("seq", r.seq());
    o.set("body", body(r.body()));
    return o;
  }

  /**
   * Renders a learner's account: {@code {"learner", "enrolledBy", "seq", "identityCommitment",
   * "achievements": [{"issuer", "achievement"}], "conversions": [{"owner", "conversion"}]}}.
   *
   * @param r the account
   * @return the view
   */
  public static ObjectNode learner(LearnerRecord r) {
    ObjectNode o = F.objectNode();
    o.put("learner", r.learner());
    o.put("enrolledBy", r.enrolledBy());
    o.put("seq", r.seq());
    o.put("identityCommitment", r.identityCommitment().map(Hash::toHex).orElse(null));
    ArrayNode a = o.putArray("achievements");
    for (AchievementRef ref : r.achievements()) {
      a.add(ref.toJson());
    }
    o.set("conversions", conversionRefs(r.conversions()));
    return o;
  }

  /**
   * Renders an achievement as stored: {@code {"issuer", "achievement", "learner", "seq", "status",
   * "statusSeq", "revocationReason", "supersededBy", "usedBy": [{"owner", "conversion"}],
   * "history": [seq], "body"}}, {@code status} the stored status (a transcript gives the status on
   * its day) and {@code body} its {@code achievement.recorded} body.
   *
   * @param r the achievement
   * @return the view
   */
  public static ObjectNode achievement(AchievementRecord r) {
    ObjectNode o = F.objectNode();
    o.put("issuer", r.issuer());
    o.put("achievement", r.body().achievement());
    o.put("learner", r.body().learner());
    o.put("seq", r.seq());
    o.put("status", r.status().name());
    putSeq(o, "statusSeq", r.statusSeq());
    o.put("revocationReason", r.revocationReason().map(x -> x.wireName()).orElse(null));
    o.put("supersededBy", r.supersededBy().orElse(null));
    o.set("usedBy", conversionRefs(r.usedBy()));
    o.set("history", seqs(r.history()));
    o.set("body", body(r.body()));
    return o;
  }

  /**
   * Renders a conversion: {@code {"owner", "conversion", "learner", "program", "course", "credits",
   * "seq", "status", "voidedSeq", "voidedBy": {"issuer", "achievement"} or null, "history": [seq],
   * "body"}}, {@code program} and {@code course} the rule's target (a programme of {@code owner}),
   * {@code credits} the credits granted, and {@code body} the {@code credit.converted} body.
   *
   * @param r the conversion
   * @return the view
   */
  public static ObjectNode conversion(ConversionRecord r) {
    ObjectNode o = F.objectNode();
    o.put("owner", r.owner());
    o.put("conversion", r.body().conversion());
    o.put("learner", r.body().learner());
    o.put("program", r.program());
    o.put("course", r.course());
    o.set("credits", credits(r.body().credits()));
    o.put("seq", r.seq());
    o.put("status", r.status().name());
    putSeq(o, "voidedSeq", r.voidedSeq());
    o.set("voidedBy", r.voidedBy().map(AchievementRef::toJson).orElse(null));
    o.set("history", seqs(r.history()));
    o.set("body", body(r.body()));
    return o;
  }

  /**
   * Serializes a view as pretty-printed JSON (two-space indent, members in the view's order,
   * decimals in plain form, non-ASCII characters as they are) with no trailing newline.
   *
   * @param view the view
   * @return the JSON text
   */
  public static String write(JsonNode view) {
    try {
      return WRITER.writerWithDefaultPrettyPrinter().writeValueAsString(view);
    } catch (JsonProcessingException e) {
      // A tree of plain nodes always serializes; only a custom node could fail.
      throw new IllegalStateException("cannot write a JSON view: " + e.getMessage(), e);
    }
  }

  /**
   * Serializes a view as compact JSON on one line (decimals in plain form), for line-oriented
   * output.
   *
   * @param view the view
   * @return the JSON text
   */
  public static String writeLine(JsonNode view) {
    try {
      return WRITER.writeValueAsString(view);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON view: " + e.getMessage(), e);
    }
  }

  private static DecimalNode credits(BigDecimal d) {
    return DecimalNode.valueOf(plain(d));
  }

  /** Gives a decimal a scale of at least 0, so any writer prints it without an exponent. */
  private static BigDecimal plain(BigDecimal d) {
    return d.scale() < 0 ? d.setScale(0) : d;
  }

  /** Replaces every decimal in a tree with its {@link #plain(BigDecimal)} form, in place. */
  private static JsonNode plain(JsonNode n) {
    if (n.isBigDecimal()) {
      return DecimalNode.valueOf(plain(n.decimalValue()));
    }
    if (n.isObject()) {
      ObjectNode o = (ObjectNode) n;
      for (Map.Entry<String, JsonNode> e : o.properties()) {
        e.setValue(plain(e.getValue()));
      }
    } else if (n.isArray()) {
      ArrayNode a = (ArrayNode) n;
      for (int i = 0; i < a.size(); i++) {
        a.set(i, plain(a.get(i)));
      }
    }
    return n;
  }

  private static ObjectNode creditMap(Map<String, BigDecimal> m) {
    ObjectNode o = F.objectNode();
    for (Map.Entry<String, BigDecimal> e : m.entrySet()) {
      o.set(e.getKey(), credits(e.getValue()));
    }
    return o;
  }

  private static ArrayNode conversionRefs(List<ConversionRef> refs) {
    ArrayNode a = F.arrayNode();
    for (ConversionRef ref : refs) {
      ObjectNode ro = a.addObject();
      ro.put("owner", ref.owner());
      ro.put("conversion", ref.conversion());
    }
    return a;
  }

  private static ArrayNode hashes(List<Hash> hashes) {
    ArrayNode a = F.arrayNode();
    for (Hash h : hashes) {
      a.add(h.toBase64());
    }
    return a;
  }

  private static ArrayNode seqs(List<Long> seqs) {
    ArrayNode a = F.arrayNode();
    seqs.forEach(a::add);
    return a;
  }

  private static void putSeq(ObjectNode o, String name, OptionalLong seq) {
    if (seq.isPresent()) {
      o.put(name, seq.getAsLong());
    } else {
      o.putNull(name);
    }
  }
}
