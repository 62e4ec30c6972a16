package org.creditbank.ledger.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.creditbank.ledger.json.Jcs;
import org.creditbank.ledger.json.JsonFormatException;
import org.creditbank.ledger.json.JsonLimits;
import org.creditbank.ledger.json.StrictJson;
import org.creditbank.ledger.util.Bytes;
import org.creditbank.ledger.util.Hash;

/**
 * A learner bundle: one learner's chosen entries and the entries needed to check them, each with
 * its inclusion proof to one signed checkpoint of the ledger. The JSON form is specified in {@code
 * docs/bundle.md}:
 *
 * <pre>
 * {
 *   "format": "creditbank-bundle",
 *   "version": 1,
 *   "origin": "&lt;the ledger's origin&gt;",
 *   "learner": "&lt;learner id&gt;",
 *   "checkpoint": "&lt;C2SP signed note, verbatim&gt;",
 *   "entries": [
 *     {"seq": &lt;n&gt;, "leaf": "&lt;base64 of the leaf bytes&gt;", "proof": ["&lt;base64 hash&gt;", ...]},
 *     ...
 *   ]
 * }
 * </pre>
 *
 * @param origin the ledger's origin, as the checkpoint names it
 * @param learner the learner the bundle is about
 * @param checkpoint the signed checkpoint note, its bytes verbatim (UTF-8 text)
 * @param entries the entries, in ascending seq order, each seq once
 */
public record Bundle(String origin, String learner, Bytes checkpoint, List<BundleEntry> entries) {
  /** The value of {@code format}. */
  public static final String FORMAT = "creditbank-bundle";

  /** The value of {@code version} this code writes and reads. */
  public static final int VERSION = 1;

  /** The largest bundle read: 16 MiB. */
  public static final int MAX_BYTES = 16 << 20;

  // Lists, not sets: the first missing member named must not depend on a set's iteration order.
  private static final List<String> MEMBERS =
      List.of("format", "version", "origin", "learner", "checkpoint", "entries");
  private static final List<String> ENTRY_MEMBERS = List.of("seq", "leaf", "proof");

  /**
   * Checks the fields and copies the entries.
   *
   * @param origin the ledger's origin, not empty
   * @param learner the learner, not empty
   * @param checkpoint the signed checkpoint note
   * @param entries the entries, in ascending seq order, each seq once
   * @throws IllegalArgumentException if a string is empty or the seqs are not strictly ascending
   */
  public Bundle {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(learner, "learner");
    Objects.requireNonNull(checkpoint, "checkpoint");
    entries = List.copyOf(entries);
    if (origin.isEmpty() || learner.isEmpty()) {
      throw new IllegalArgumentException("origin and learner must not be empty");
    }
    for (int i = 1; i < entries.size(); i++) {
      if (entries.get(i).seq() <= entries.get(i - 1).seq()) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "want entries in ascending seq order, each once; got seq %d after %d",
                entries.get(i).seq(),
                entries.get(i - 1).seq()));
      }
    }
  }

  /**
   * Writes the bundle as UTF-8 JSON: the members in the order above, one entry per line.
   *
   * @return the JSON bytes
   */
  public byte[] toJson() {
    StringBuilder b = new StringBuilder();
    b.append("{\n  \"format\": ").append(str(FORMAT)).append(",\n");
    b.append("  \"version\": ").append(VERSION).append(",\n");
    b.append("  \"origin\": ").append(str(origin)).append(",\n");
    b.append("  \"learner\": ").append(str(learner)).append(",\n");
    b.append("  \"checkpoint\": ")
        .append(str(new String(checkpoint.toByteArray(), StandardCharsets.UTF_8)))
        .append(",\n");
    b.append("  \"entries\": [");
    for (int i = 0; i < entries.size(); i++) {
      BundleEntry e = entries.get(i);
      b.append(i == 0 ? "\n" : ",\n");
      b.append("    {\"seq\": ").append(e.seq());
      b.append(", \"leaf\": \"")
          .append(Base64.getEncoder().encodeToString(e.leaf().toByteArray()))
          .append('"');
      b.append(", \"proof\": [");
      for (int j = 0; j < e.proof().size(); j++) {
        b.append(j == 0 ? "\"" : ", \"").append(e.proof().get(j).toBase64()).append('"');
      }
      b.append("]}");
    }
    b.append(entries.isEmpty() ? "]\n}\n" : "\n  ]\n}\n");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String str(String s) {
    return Jcs.canonicalString(TextNode.valueOf(s));
  }

  /**
   * Parses a bundle strictly: UTF-8 JSON without duplicate members, exactly the members above,
   * {@code format} {@value #FORMAT}, {@code version} 1, at least one entry, seqs ascending and
   * distinct, leaves and hashes in standard base64 with padding (RFC 4648 §4), each hash 32 bytes.
   * Nothing is verified here: see {@link BundleVerifier}.
   *
   * @param json the bundle
   * @return the bundle
   * @throws BundleException if it is not such a document, naming the member
   */
  public static Bundle parse(byte[] json) throws BundleException {
    JsonNode root;
    try {
      root = new StrictJson(new JsonLimits(MAX_BYTES, 8)).parse(json);
    } catch (JsonFormatException e) {
      throw new BundleException("bundle is not strict JSON: " + e.getMessage(), e);
    }
    if (!root.isObject()) {
      throw new BundleException("want a JSON object as the bundle");
    }
    members(root, MEMBERS, "");
    String format = text(root, "format", "/format");
    if (!format.equals(FORMAT)) {
      throw new BundleException("want format \"" + FORMAT + "\" at /format, got " + str(format));
    }
    JsonNode v = root.get("version");
    if (!v.isIntegralNumber()) {
      // 1.0 and 1e0 are the number 1, but not the integer this format writes.
      throw new BundleException(
          "want version "
              + VERSION
              + " as a JSON integer (no fraction or exponent) at /version, got "
              + v);
    }
    if (!v.canConvertToInt() || v.intValue() != VERSION) {
      throw new BundleException("want version " + VERSION + " at /version, got " + v);
    }
    String origin = text(root, "origin", "/origin");
    String learner = text(root, "learner", "/learner");
    String checkpoint = text(root, "checkpoint", "/checkpoint");
    JsonNode es = root.get("entries");
    if (!es.isArray() || es.isEmpty()) {
      throw new BundleException("want a non-empty array at /entries");
    }
    List<BundleEntry> entries = new ArrayList<>();
    long last = -1;
    for (int i = 0; i < es.size(); i++) {
      String at = "/entries/" + i;
      JsonNode e = es.get(i);
      if (!e.isObject()) {
        throw new BundleException("want an object at " + at);
      }
      members(e, ENTRY_MEMBERS, at);
      JsonNode seq = e.get("seq");
      if (!seq.isIntegralNumber() || !seq.canConvertToLong() || seq.longValue() < 0) {
        throw new BundleException("want a non-negative integer at " + at + "/seq, got " + seq);
      }
      if (seq.longValue() <= last) {
        throw new BundleException(
            String.format(
                Locale.ROOT,
                "want entries in ascending seq order, each once; got seq %d at %s after %d",
                seq.longValue(),
                at,
                last));
      }
      last = seq.longValue();
      Bytes leaf = base64(text(e, "leaf", at + "/leaf"), at + "/leaf");
      JsonNode p = e.get("proof");
      if (!p.isArray()) {
        throw new BundleException("want an array at " + at + "/proof");
      }
      List<Hash> proof = new ArrayList<>();
      for (int j = 0; j < p.size(); j++) {
        String pat = at + "/proof/" + j;
        Bytes h = base64(text(p, j, pat), pat);
        if (h.size() != Hash.LENGTH) {
          throw new BundleException(
              String.format(Locale.ROOT, "want a 32-byte hash at %s, got %d bytes", pat, h.size()));
        }
        proof.add(Hash.of(h.toByteArray()));
      }
      entries.add(new BundleEntry(seq.longValue(), leaf, proof));
    }
    if (origin.isEmpty() || learner.isEmpty()) {
      throw new BundleException("want a non-empty origin and learner");
    }
    return new Bundle(
        origin, learner, Bytes.copyFrom(checkpoint.getBytes(StandardCharsets.UTF_8)), entries);
  }

  private static void members(JsonNode o, List<String> allowed, String at) throws BundleException {
    for (String m : allowed) {
      if (!o.has(m)) {
        throw new BundleException("missing member " + at + "/" + m);
      }
    }
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        throw new BundleException("unknown member " + at + "/" + name);
      }
    }
  }

  private static String text(JsonNode o, String name, String at) throws BundleException {
    JsonNode v = o.get(name);
    if (!v.isTextual()) {
      throw new BundleException("want a string at " + at);
    }
    return v.textValue();
  }

  private static String text(JsonNode a, int i, String at) throws BundleException {
    JsonNode v = a.get(i);
    if (!v.isTextual()) {
      throw new BundleException("want a string at " + at);
    }
    return v.textValue();
  }

  private static Bytes base64(String s, String at) throws BundleException {
    try {
      byte[] b = Base64.getDecoder().decode(s);
      // The decoder also takes unpadded input: only the canonical encoding is accepted.
      if (!Base64.getEncoder().encodeToString(b).equals(s)) {
        throw new BundleException("want canonical padded base64 at " + at);
      }
      return Bytes.copyFrom(b);
    } catch (IllegalArgumentException e) {
      throw new BundleException("want base64 at " + at + ": " + e.getMessage(), e);
    }
  }
}
