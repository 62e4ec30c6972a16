package org.creditbank.ledger.bank;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.creditbank.ledger.journal.CorruptionException;
import org.creditbank.ledger.journal.ErasableStore;
import org.creditbank.ledger.journal.StorageException;
import org.creditbank.ledger.util.Bytes;
import org.creditbank.ledger.util.Hash;
import org.creditbank.ledger.util.Hex;

/**
 * The learners' personal data, erasable, beside the journal and never in it.
 *
 * <p>Each {@link Profile} is kept in an {@link ErasableStore} under the key {@code "profile/" ‖
 * UTF-8(learner)} as the UTF-8 JSON object {@code {"learner", "name", "identityNumber"?, "phone"?,
 * "salt"}}, the salt in lower-case hex. The journal links a learner to a profile only through the
 * {@code identityCommitment} of {@code learner.enrolled} ({@link IdentityCommitment}); erasing a
 * profile erases the salt with it, and leaves the journal and every proof as they were.
 *
 * <p>Safe for use from many threads: each call is one read or one synced write of the store.
 */
public final class ProfileStore {
  private static final String PREFIX = "profile/";
  private static final Set<String> FIELDS =
      Set.of("learner", "name", "identityNumber", "phone", "salt");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  private final ErasableStore store;

  /**
   * Creates a profile store over an erasable store, such as {@code journal.erasable()}.
   *
   * @param store where the profiles are kept
   * @throws NullPointerException if {@code store} is null
   */
  public ProfileStore(ErasableStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * Stores a profile, replacing the learner's earlier one; synced when it returns.
   *
   * @param profile the profile
   * @throws StorageException if writing failed
   * @throws IllegalStateException if the journal is closed
   * @throws NullPointerException if {@code profile} is null
   */
  public void put(Profile profile) throws StorageException {
    Objects.requireNonNull(profile, "profile");
    store.put(key(profile.learner()), encode(profile));
  }

  /**
   * Reads a learner's profile.
   *
   * @param learner the learner id
   * @return the profile, or empty if there is none (never stored, or erased)
   * @throws StorageException if reading failed
   * @throws CorruptionException if the stored value is not a valid profile of this learner
   * @throws IllegalStateException if the journal is closed
   * @throws NullPointerException if {@code learner} is null
   */
  public Optional<Profile> get(String learner) throws StorageException {
    Objects.requireNonNull(learner, "learner");
    Optional<Bytes> raw = store.get(key(learner));
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(decode(learner, raw.get()));
  }

  /**
   * Erases a learner's profile, salt included, as {@link ErasableStore#delete} does.
   *
   * @param learner the learner id
   * @return true if there was a profile to erase
   * @throws StorageException if reading or erasing failed
   * @throws IllegalStateException if the journal is closed
   * @throws NullPointerException if {@code learner} is null
   */
  public boolean erase(String learner) throws StorageException {
    Objects.requireNonNull(learner, "learner");
    Bytes key = key(learner);
    boolean had = store.get(key).isPresent();
    // Deleted even if absent: a put racing with this call must not survive an erase that says done.
    store.delete(key);
    return had;
  }

  /**
   * Computes the identity commitment of a learner's stored profile: {@link
   * IdentityCommitment#commit} of its salt and identity number.
   *
   * @param learner the learner id
   * @return the commitment, or empty if there is no profile or it has no identity number
   * @throws StorageException if reading failed
   * @throws CorruptionException if the stored value is not a valid profile of this learner
   * @throws IllegalStateException if the journal is closed
   * @throws NullPointerException if {@code learner} is null
   */
  public Optional<Hash> commitment(String learner) throws StorageException {
    Optional<Profile> p = get(learner);
    if (p.isEmpty() || p.get().identityNumber().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(IdentityCommitment.commit(p.get().salt(), p.get().identityNumber().get()));
  }

  private static Bytes key(String learner) {
    return Bytes.copyFrom((PREFIX + learner).getBytes(StandardCharsets.UTF_8));
  }

  static Bytes encode(Profile p) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("learner", p.learner());
    o.put("name", p.name());
    p.identityNumber().ifPresent(n -> o.put("identityNumber", n));
    p.phone().ifPresent(n -> o.put("phone", n));
    o.put("salt", p.salt().toHex());
    try {
      return Bytes.copyFrom(JSON.writeValueAsBytes(o));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree: " + e.getMessage(), e);
    }
  }

  /** Decodes a stored profile; messages name the learner and the field, never personal data. */
  static Profile decode(String learner, Bytes raw) throws CorruptionException {
    String where = "the stored profile of learner " + Statement.quote(learner);
    JsonNode n;
    try {
      n = JSON.readTree(raw.toByteArray());
    } catch (IOException e) {
      // Not the parser's message: it may quote the stored text, which is personal data.
      throw new CorruptionException(where + " is not JSON", e);
    }
    if (n == null || !n.isObject()) {
      throw new CorruptionException(where + " is not a JSON object");
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw new CorruptionException(where + " has an unknown member " + Statement.quote(f));
      }
    }
    String storedLearner = text(n, "learner", where);
    if (!storedLearner.equals(learner)) {
      throw new CorruptionException(
          where + " is for learner " + Statement.quote(storedLearner) + ", want the same learner");
    }
    String name = text(n, "name", where);
    Optional<String> id =
        n.has("identityNumber") ? Optional.of(text(n, "identityNumber", where)) : Optional.empty();
    Optional<String> phone =
        n.has("phone") ? Optional.of(text(n, "phone", where)) : Optional.empty();
    Bytes salt;
    try {
      salt = Bytes.copyFrom(Hex.decode(text(n, "salt", where)));
    } catch (IllegalArgumentException e) {
      throw new CorruptionException(where + " has a salt that is not hex", e);
    }
    try {
      return new Profile(learner, name, id, phone, salt);
    } catch (IllegalArgumentException e) {
      throw new CorruptionException(where + " is not valid: " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode n, String field, String where) throws CorruptionException {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new CorruptionException(
          where + " wants a string member " + Statement.quote(field) + ", got " + kind(v));
    }
    return v.textValue();
  }

  private static String kind(JsonNode v) {
    return v == null ? "none" : v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
  }
}
