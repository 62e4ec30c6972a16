package org.creditbank.ledger.note;

import java.util.List;

/**
 * A signed note after verification: at least one signature by a known key verified, and no
 * signature by a known key failed. Only {@link SignedNote#verify} creates one, so holding a {@code
 * VerifiedNote} means the check ran.
 */
public final class VerifiedNote {
  private final SignedNote note;
  private final List<NoteSignature> verified;
  private final List<NoteSignature> unverified;

  VerifiedNote(SignedNote note, List<NoteSignature> verified, List<NoteSignature> unverified) {
    if (verified.isEmpty()) {
      throw new IllegalArgumentException("a verified note needs a verified signature");
    }
    this.note = note;
    this.verified = List.copyOf(verified);
    this.unverified = List.copyOf(unverified);
  }

  /**
   * Returns the note as parsed.
   *
   * @return the note, all its signatures included
   */
  public SignedNote note() {
    return note;
  }

  /**
   * Returns the signatures by known keys, each verified, one per key.
   *
   * @return a non-empty list
   */
  public List<NoteSignature> verified() {
    return verified;
  }

  /**
   * Returns the signatures by unknown keys, which the spec requires to be ignored.
   *
   * @return a possibly empty list
   */
  public List<NoteSignature> unverified() {
    return unverified;
  }

  /**
   * Returns the note text, now trusted.
   *
   * @return the text, ending in a newline
   */
  public String text() {
    return note.text();
  }

  @Override
  public String toString() {
    return "VerifiedNote[verified=" + verified + ", unverified=" + unverified.size() + "]";
  }
}
