package org.creditbank.ledger.note;

/**
 * A checkpoint whose note verified under its log's key and whose origin is that key's name. Only
 * {@link CheckpointVerifier#open} (and {@link Checkpoint#open}) create one.
 *
 * @param note the verified signed note
 * @param checkpoint the checkpoint parsed from the note text
 */
public record VerifiedCheckpoint(VerifiedNote note, Checkpoint checkpoint) {
  /**
   * Checks that the parts are present and agree.
   *
   * @throws IllegalArgumentException if a part is null or the checkpoint is not the note's text
   * @param note the verified signed note
   * @param checkpoint the checkpoint parsed from the note text
   */
  public VerifiedCheckpoint {
    if (note == null || checkpoint == null) {
      throw new IllegalArgumentException("verified checkpoint needs a note and a checkpoint");
    }
    if (!checkpoint.toText().equals(note.text())) {
      throw new IllegalArgumentException("checkpoint is not the text of the verified note");
    }
  }
}
