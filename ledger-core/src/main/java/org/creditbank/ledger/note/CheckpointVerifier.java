package org.creditbank.ledger.note;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The verifier keys a reader trusts for one log's checkpoints: one key usually, two or more while
 * the operator rotates its checkpoint key (the old and the new key co-sign each checkpoint of the
 * transition), or when an auditor checks a history that spans a rotation. All keys are named by the
 * log's origin, so they differ by key ID only.
 *
 * <p>A checkpoint opens if at least one of these keys signed it and every signature by one of them
 * verifies (c2sp.org/signed-note, "Signatures"); lines of other keys, a witness's for instance, are
 * ignored.
 *
 * @param keys the trusted keys, in the order given; at least one, one name, distinct key IDs
 */
public record CheckpointVerifier(List<NoteVerifier> keys) {
  /**
   * Validates and copies the keys.
   *
   * @throws IllegalArgumentException if there is no key, two keys have different names, or two keys
   *     share a key ID
   * @param keys the trusted keys, in the order given; at least one, one name, distinct key IDs
   */
  public CheckpointVerifier {
    keys = List.copyOf(keys);
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("want at least one checkpoint verifier key, got none");
    }
    String name = keys.get(0).name();
    Set<Integer> ids = new HashSet<>();
    for (NoteVerifier k : keys) {
      if (!k.name().equals(name)) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "want every checkpoint verifier key named %s (the log's origin), got %s",
                Notes.quote(name),
                Notes.quote(k.name())));
      }
      if (!ids.add(k.keyId())) {
        throw new IllegalArgumentException("checkpoint verifier key given twice: " + k);
      }
    }
  }

  /**
   * Trusts the given keys.
   *
   * @param keys one or more keys of one log
   * @return the verifier
   * @throws IllegalArgumentException as the constructor
   */
  public static CheckpointVerifier of(NoteVerifier... keys) {
    return new CheckpointVerifier(Arrays.asList(keys));
  }

  /**
   * Returns the log's origin, the name of every key.
   *
   * @return the origin
   */
  public String origin() {
    return keys.get(0).name();
  }

  /**
   * Opens a signed checkpoint of the log (c2sp.org/tlog-checkpoint): parses the note, verifies it
   * with the trusted keys (see {@link SignedNote#verify(java.util.Collection)}), parses the
   * checkpoint text, and requires the origin line to equal the keys' name, so that a checkpoint of
   * one log cannot pass as another's.
   *
   * @param signedNote the signed note bytes
   * @return the verified note and its checkpoint
   * @throws NoteFormatException if the note or its checkpoint text is malformed (see {@link
   *     SignedNote#parse} and {@link Checkpoint#parse})
   * @throws NoteVerificationException if no trusted key signed it or one of their signatures is
   *     invalid, or with message {@code checkpoint origin "<origin>", want "<name>"} if the origin
   *     is not the keys' name
   */
  public VerifiedCheckpoint open(byte[] signedNote)
      throws NoteFormatException, NoteVerificationException {
    VerifiedNote note = SignedNote.parse(signedNote).verify(keys);
    Checkpoint checkpoint = Checkpoint.parse(note.text());
    if (!checkpoint.origin().equals(origin())) {
      throw new NoteVerificationException(
          "checkpoint origin " + Notes.quote(checkpoint.origin()) + ", want \"" + origin() + "\"");
    }
    return new VerifiedCheckpoint(note, checkpoint);
  }

  /**
   * Returns the keys' strings, comma-separated, for messages.
   *
   * @return for example {@code example.org/log+c74f20a3+AR...}
   */
  @Override
  public String toString() {
    return keys.stream().map(NoteVerifier::toString).collect(Collectors.joining(", "));
  }
}
