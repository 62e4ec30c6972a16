package org.creditbank.ledger.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.creditbank.ledger.audit.AuditFailedException;
import org.creditbank.ledger.audit.RemoteAuditor;
import org.creditbank.ledger.audit.RemoteLedger;
import org.creditbank.ledger.audit.RemoteLedgerException;
import org.creditbank.ledger.bank.AchievementRecordedBody;
import org.creditbank.ledger.bank.Statement;
import org.creditbank.ledger.bank.StatementException;
import org.creditbank.ledger.bank.VerifiedStatement;
import org.creditbank.ledger.bundle.Bundle;
import org.creditbank.ledger.bundle.BundleEntry;
import org.creditbank.ledger.journal.CorruptionException;
import org.creditbank.ledger.journal.Leaf;
import org.creditbank.ledger.note.Checkpoint;
import org.creditbank.ledger.note.CheckpointVerifier;
import org.creditbank.ledger.note.NoteException;
import org.creditbank.ledger.note.VerifiedCheckpoint;

/**
 * {@code ledger verify BUNDLE --server URL}: after the offline checks passed, what only the live
 * ledger knows: that its latest checkpoint is signed with the same key and extends the bundle's,
 * and each achievement's current status.
 */
final class LiveCheck {
  private final PrintWriter out;
  private final URI server;
  private final CheckpointVerifier verifier;

  LiveCheck(PrintWriter out, URI server, CheckpointVerifier verifier) {
    this.out = out;
    this.server = server;
    this.verifier = verifier;
  }

  int check(Bundle b) throws InterruptedException {
    RemoteLedger remote;
    try {
      remote = RemoteLedger.of(server, Optional.empty());
    } catch (IllegalArgumentException e) {
      throw Cli.usage("bad --server: " + e.getMessage());
    }
    out.println("Live status from " + server + ":");
    try {
      Checkpoint old = open(b.checkpoint().toByteArray(), "the bundle's checkpoint");
      Checkpoint cur = open(remote.checkpoint().toByteArray(), "the server's checkpoint");
      RemoteAuditor.checkExtends(remote, old, cur, "the server's checkpoint");
      out.println(
          Cli.format(
              "  checkpoint: ok, size %d, signed with %s, extends the bundle's of size %d",
              cur.size(), verifier.origin(), old.size()));
      int changed = 0;
      for (BundleEntry e : b.entries()) {
        Optional<AchievementRecordedBody> a = achievement(e, b.origin());
        if (a.isEmpty()) {
          continue;
        }
        String issuer = actor(e, b.origin());
        String id = a.get().achievement();
        Optional<RemoteLedger.Status> st = remote.achievementStatus(issuer, id);
        if (st.isEmpty()) {
          throw new AuditFailedException(
              "seq " + e.seq(),
              "the server knows no achievement " + issuer + "/" + id + ", which its log holds");
        }
        String status = st.get().status();
        if (status.equals("active")) {
          out.println(Cli.format("  seq %d: %s/%s: active", e.seq(), issuer, id));
        } else {
          changed++;
          out.println(
              Cli.format(
                  "  seq %d: %s/%s: %s at seq %d",
                  e.seq(), issuer, id, status.toUpperCase(Locale.ROOT), st.get().statusSeq()));
        }
      }
      out.flush();
      if (changed > 0) {
        // As offline: an achievement no longer current is not to be relied on.
        throw new AuditFailedException(
            "the bundle",
            changed + " of its achievements were revoked or superseded since its checkpoint");
      }
      out.println(
          Cli.format(
              "Verified live: the ledger %s extends the bundle's checkpoint; every achievement of"
                  + " the bundle is still active.",
              verifier.origin()));
      out.flush();
      return ExitCodes.OK;
    } catch (AuditFailedException e) {
      out.flush();
      throw new Cli.Failure(
          ExitCodes.VERIFICATION_FAILED, "live check FAILED: " + e.getMessage(), e);
    } catch (RemoteLedgerException e) {
      out.flush();
      throw new Cli.Failure(ExitCodes.IO, e.getMessage(), e);
    }
  }

  private Checkpoint open(byte[] note, String place) throws AuditFailedException {
    try {
      VerifiedCheckpoint v = verifier.open(note);
      return v.checkpoint();
    } catch (NoteException e) {
      throw new AuditFailedException(
          place, "it is not signed with " + verifier.origin() + ": " + e.getMessage(), e);
    }
  }

  /** The achievement an entry records, if it records one; the offline checks passed on it. */
  private static Optional<AchievementRecordedBody> achievement(BundleEntry e, String origin) {
    try {
      Leaf leaf = Leaf.parse(e.leaf().toByteArray());
      VerifiedStatement v =
          VerifiedStatement.of(Statement.parse(leaf.statement().toByteArray(), origin));
      return v.body() instanceof AchievementRecordedBody a ? Optional.of(a) : Optional.empty();
    } catch (CorruptionException | StatementException ex) {
      throw new IllegalStateException("an entry that verified offline does not parse", ex);
    }
  }

  private static String actor(BundleEntry e, String origin) {
    try {
      Leaf leaf = Leaf.parse(e.leaf().toByteArray());
      return Statement.parse(leaf.statement().toByteArray(), origin).actor();
    } catch (CorruptionException | StatementException ex) {
      throw new IllegalStateException("an entry that verified offline does not parse", ex);
    }
  }
}
