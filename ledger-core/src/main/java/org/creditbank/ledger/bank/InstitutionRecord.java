package org.creditbank.ledger.bank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.creditbank.ledger.journal.CorruptionException;

/**
 * An institution as the ledger knows it: what it registered, what it may do, and the history of its
 * keys.
 *
 * @param id the institution id
 * @param name its name
 * @param kind its kind; empty for the operator, which genesis declares without one
 * @param parent the institution it belongs to, if any
 * @param permissions what it may do (the operator may do everything)
 * @param keys every key it ever had, in the order added
 * @param seq the seq of the statement that registered it (0 for the operator)
 */
public record InstitutionRecord(
    String id,
    String name,
    Optional<InstitutionKind> kind,
    Optional<String> parent,
    InstitutionRegisteredBody.Permissions permissions,
    List<KeyRecord> keys,
    long seq) {

  /**
   * One key of an institution and its history.
   *
   * @param didKey the public key as a {@code did:key}
   * @param addedSeq the seq of the statement that added it
   * @param revokedSeq the seq of the statement that revoked it, if revoked
   * @param reason why it was revoked, if revoked
   */
  public record KeyRecord(
      String didKey, long addedSeq, OptionalLong revokedSeq, Optional<KeyRevocationReason> reason) {
    /**
     * Checks the fields.
     *
     * @param didKey the key
     * @param addedSeq when it was added
     * @param revokedSeq when it was revoked
     * @param reason why
     * @throws NullPointerException if an argument is null
     */
    public KeyRecord {
      Objects.requireNonNull(didKey, "didKey");
      Objects.requireNonNull(revokedSeq, "revokedSeq");
      Objects.requireNonNull(reason, "reason");
    }

    /**
     * Tells whether the key may still sign.
     *
     * @return true unless revoked
     */
    public boolean active() {
      return revokedSeq.isEmpty();
    }

    /**
     * Tells whether the key was an active key of its institution when entry {@code seq} was
     * appended: added before it and not revoked before it.
     *
     * @param seq an entry's seq
     * @return true if the key could sign that entry
     */
    public boolean activeAt(long seq) {
      return addedSeq <= seq && (revokedSeq.isEmpty() || seq < revokedSeq.getAsLong());
    }
  }

  /**
   * Checks the fields and copies {@code keys}.
   *
   * @param id the id
   * @param name the name
   * @param kind the kind
   * @param parent the parent
   * @param permissions the permissions
   * @param keys the keys
   * @param seq the registration seq
   * @throws NullPointerException if an argument is or holds null
   */
  public InstitutionRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(permissions, "permissions");
    keys = List.copyOf(keys);
  }

  /**
   * Finds one of its keys.
   *
   * @param didKey the key as a {@code did:key}
   * @return its record, or empty if the key was never this institution's
   */
  public Optional<KeyRecord> key(String didKey) {
    return keys.stream().filter(k -> k.didKey().equals(didKey)).findFirst();
  }

  /**
   * Counts the keys that may still sign.
   *
   * @return the number of active keys
   */
  public long activeKeys() {
    return keys.stream().filter(KeyRecord::active).count();
  }

  InstitutionRecord withKeys(List<KeyRecord> newKeys) {
    return new InstitutionRecord(id, name, kind, parent, permissions, newKeys, seq);
  }

  ObjectNode toJson() {
    ObjectNode o = StateJson.object();
    o.put("id", id);
    o.put("name", name);
    kind.ifPresent(k -> o.put("kind", k.wireName()));
    parent.ifPresent(p -> o.put("parent", p));
    o.set("permissions", permissions.toJson());
    ArrayNode a = o.putArray("keys");
    for (KeyRecord k : keys) {
      ObjectNode ko = a.addObject();
      ko.put("key", k.didKey());
      ko.put("added", k.addedSeq());
      k.revokedSeq().ifPresent(s -> ko.put("revoked", s));
      k.reason().ifPresent(r -> ko.put("reason", r.wireName()));
    }
    o.put("seq", seq);
    return o;
  }

  static InstitutionRecord fromJson(ObjectNode o) throws CorruptionException {
    Optional<InstitutionKind> kind = StateJson.optWire(o, "kind", InstitutionKind::fromWire);
    ObjectNode p = StateJson.child(o, "permissions");
    EnumSet<OutcomeKind> issue = EnumSet.noneOf(OutcomeKind.class);
    for (String w : StateJson.texts(p, "issue")) {
      issue.add(StateJson.wire(w, OutcomeKind::fromWire));
    }
    InstitutionRegisteredBody.Permissions permissions =
        new InstitutionRegisteredBody.Permissions(
            issue, p.path("enrol").asBoolean(), p.path("acceptConversions").asBoolean());
    List<KeyRecord> keys = new ArrayList<>();
    for (JsonNode kn : StateJson.array(o, "keys")) {
      ObjectNode ko = (ObjectNode) kn;
      Optional<KeyRevocationReason> reason =
          StateJson.optWire(ko, "reason", KeyRevocationReason::fromWire);
      keys.add(
          new KeyRecord(
              StateJson.text(ko, "key"),
              StateJson.number(ko, "added"),
              StateJson.optNumber(ko, "revoked"),
              reason));
    }
    return new InstitutionRecord(
        StateJson.text(o, "id"),
        StateJson.text(o, "name"),
        kind,
        StateJson.optText(o, "parent"),
        permissions,
        keys,
        StateJson.number(o, "seq"));
  }
}
