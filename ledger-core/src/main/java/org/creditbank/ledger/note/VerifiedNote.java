package org.creditbank.ledger.note;

import java.util.List;

/**
 * A signed note after verification: at least one signature by a known key verified, and no
 * signature by a known key failed.
 *
 * @param note the note as parsed
 * @param verified the signatures by known keys, each verified, one per key
 * @param unverified the signatures by unknown keys, ignored as the spec requires
 */
public record VerifiedNote(
    SignedNote note, List<NoteSignature> verified, List<NoteSignature> unverified) {
  /**
   * Copies the lists.
   *
   * @throws IllegalArgumentException if {@code verified} is empty
   */
  public VerifiedNote {
    verified = List.copyOf(verified);
    unverified = List.copyOf(unverified);
    if (verified.isEmpty()) {
      throw new IllegalArgumentException("a verified note needs a verified signature");
    }
  }

  /**
   * Returns the note text, now trusted.
   *
   * @return the text, ending in a newline
   */
  public String text() {
    return note.text();
  }
}
