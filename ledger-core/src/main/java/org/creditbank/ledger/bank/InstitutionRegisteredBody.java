package org.creditbank.ledger.bank;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.creditbank.ledger.crypto.Ed25519PublicKey;

/**
 * The body of {@code institution.registered}: {@code {"id", "name", "kind", "keys", "permissions",
 * "parent"?}}.
 *
 * @param id the institution id, matching {@code [A-Z0-9-]{2,32}}
 * @param name the institution's name, 1 to 200 characters
 * @param kind what kind of institution it is
 * @param keys its signing keys, at least one, distinct, in the order written
 * @param permissions what it may do
 * @param parent the id of the institution it belongs to, if any
 */
public record InstitutionRegisteredBody(
    String id,
    String name,
    InstitutionKind kind,
    List<Ed25519PublicKey> keys,
    Permissions permissions,
    Optional<String> parent)
    implements Body {

  /**
   * What a registered institution may do.
   *
   * @param issue the outcome kinds it may record achievements of (written in declaration order)
   * @param enrol whether it may enrol learners
   * @param acceptConversions whether it may publish conversion rules and convert credits
   */
  public record Permissions(Set<OutcomeKind> issue, boolean enrol, boolean acceptConversions) {
    /**
     * Copies {@code issue}.
     *
     * @param issue the outcome kinds
     * @param enrol whether it may enrol
     * @param acceptConversions whether it may accept conversions
     * @throws NullPointerException if {@code issue} is or holds null
     */
    public Permissions {
      EnumSet<OutcomeKind> s = EnumSet.noneOf(OutcomeKind.class);
      s.addAll(Objects.requireNonNull(issue, "issue"));
      issue = Collections.unmodifiableSet(s);
    }

    ObjectNode toJson() {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      ArrayNode a = o.putArray("issue");
      issue.forEach(k -> a.add(k.wireName()));
      o.put("enrol", enrol);
      o.put("acceptConversions", acceptConversions);
      return o;
    }
  }

  /**
   * Checks the fields and copies {@code keys}.
   *
   * @param id the institution id
   * @param name the name
   * @param kind the kind
   * @param keys the keys
   * @param permissions the permissions
   * @param parent the parent id, if any
   * @throws IllegalArgumentException if {@code id} or {@code parent} breaks {@code
   *     [A-Z0-9-]{2,32}}, {@code name} is not 1 to 200 characters, or {@code keys} is empty or
   *     repeats a key
   * @throws NullPointerException if an argument is or holds null
   */
  public InstitutionRegisteredBody {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(permissions, "permissions");
    Objects.requireNonNull(parent, "parent");
    keys = List.copyOf(keys);
    BodyReader.requireInstitutionId(id);
    parent.ifPresent(BodyReader::requireInstitutionId);
    int n = name.codePointCount(0, name.length());
    if (n < 1 || n > BodyReader.NAME_MAX) {
      throw new IllegalArgumentException("want a name of 1 to 200 characters, got " + n);
    }
    if (keys.isEmpty() || new HashSet<>(keys).size() != keys.size()) {
      throw new IllegalArgumentException("want at least one key, all distinct, got " + keys);
    }
  }

  /**
   * Returns {@link StatementType#INSTITUTION_REGISTERED}.
   *
   * @return the type
   */
  @Override
  public StatementType type() {
    return StatementType.INSTITUTION_REGISTERED;
  }

  /**
   * Parses an untrusted body.
   *
   * @param body the statement's {@code body}
   * @return the body
   * @throws StatementException with {@link RejectCode#SCHEMA} and the member's pointer (such as
   *     {@code /body/keys/1}) if a member is unknown or missing or of the wrong JSON type, {@code
   *     id} or {@code parent} breaks {@code [A-Z0-9-]{2,32}}, {@code name} is not 1 to 200
   *     characters, {@code kind} or an {@code issue} entry is not a known wire name, {@code keys}
   *     is empty, an entry is not an Ed25519 {@code did:key} or repeats an earlier one, or an
   *     {@code issue} entry repeats an earlier one
   */
  public static InstitutionRegisteredBody parse(ObjectNode body) throws StatementException {
    BodyReader.members(
        body, "/body", List.of("id", "name", "kind", "keys", "permissions"), List.of("parent"));
    String id =
        BodyReader.matching(body, "/body", "id", BodyReader.INSTITUTION_ID, "an institution id");
    String name = BodyReader.name(body, "/body", "name");
    InstitutionKind kind =
        InstitutionKind.fromWire(
                BodyReader.oneOf(body.get("kind"), "/body/kind", InstitutionKind.WIRE))
            .orElseThrow();
    ArrayNode keyArray = BodyReader.nonEmptyArray(body, "/body", "keys");
    List<Ed25519PublicKey> keys = new ArrayList<>();
    for (int i = 0; i < keyArray.size(); i++) {
      String p = "/body/keys/" + i;
      Ed25519PublicKey k = BodyReader.didKey(keyArray.get(i), p);
      int earlier = keys.indexOf(k);
      if (earlier >= 0) {
        throw BodyReader.schema(
            p, "want distinct keys at /body/keys, got " + p + " repeating /body/keys/" + earlier);
      }
      keys.add(k);
    }
    ObjectNode perm = BodyReader.object(body, "/body", "permissions");
    String pp = "/body/permissions";
    BodyReader.members(perm, pp, List.of("issue", "enrol", "acceptConversions"), List.of());
    ArrayNode issueArray = BodyReader.array(perm, pp, "issue");
    List<OutcomeKind> issue = new ArrayList<>();
    for (int i = 0; i < issueArray.size(); i++) {
      String p = pp + "/issue/" + i;
      OutcomeKind k =
          OutcomeKind.fromWire(BodyReader.oneOf(issueArray.get(i), p, OutcomeKind.WIRE))
              .orElseThrow();
      int earlier = issue.indexOf(k);
      if (earlier >= 0) {
        throw BodyReader.schema(
            p,
            "want distinct outcome kinds at "
                + pp
                + "/issue, got "
                + p
                + " repeating "
                + pp
                + "/issue/"
                + earlier);
      }
      issue.add(k);
    }
    boolean enrol = BodyReader.bool(perm, pp, "enrol");
    boolean accept = BodyReader.bool(perm, pp, "acceptConversions");
    Optional<String> parent = Optional.empty();
    if (body.has("parent")) {
      parent =
          Optional.of(
              BodyReader.matching(
                  body, "/body", "parent", BodyReader.INSTITUTION_ID, "an institution id"));
    }
    return new InstitutionRegisteredBody(
        id, name, kind, keys, new Permissions(Set.copyOf(issue), enrol, accept), parent);
  }

  /**
   * Returns the body as JSON; {@code permissions.issue} in {@link OutcomeKind} declaration order.
   *
   * @return a new object
   */
  @Override
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("id", id);
    o.put("name", name);
    o.put("kind", kind.wireName());
    ArrayNode a = o.putArray("keys");
    keys.forEach(k -> a.add(k.toDidKey()));
    o.set("permissions", permissions.toJson());
    parent.ifPresent(p -> o.put("parent", p));
    return o;
  }
}
