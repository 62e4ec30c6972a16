package org.creditbank.ledger.bundle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.creditbank.ledger.bank.AchievementRecordedBody;
import org.creditbank.ledger.bank.AchievementRef;
import org.creditbank.ledger.bank.AchievementRevokedBody;
import org.creditbank.ledger.bank.Body;
import org.creditbank.ledger.bank.CreditConvertedBody;
import org.creditbank.ledger.bank.GenesisBody;
import org.creditbank.ledger.bank.InstitutionRegisteredBody;
import org.creditbank.ledger.bank.KeyChangeBody;
import org.creditbank.ledger.bank.RejectCode;
import org.creditbank.ledger.bank.RulePublishedBody;
import org.creditbank.ledger.bank.Statement;
import org.creditbank.ledger.bank.StatementException;
import org.creditbank.ledger.bank.StatementType;
import org.creditbank.ledger.bank.VerifiedStatement;
import org.creditbank.ledger.crypto.Ed25519PublicKey;
import org.creditbank.ledger.journal.CorruptionException;
import org.creditbank.ledger.journal.Leaf;
import org.creditbank.ledger.merkle.ProofException;
import org.creditbank.ledger.merkle.ProofVerifier;
import org.creditbank.ledger.note.CheckpointVerifier;
import org.creditbank.ledger.note.NoteException;
import org.creditbank.ledger.note.NoteVerifier;
import org.creditbank.ledger.note.VerifiedCheckpoint;

/**
 * Checks a learner bundle offline: no network, no ledger, only the operator's verifier key.
 *
 * <p>The checkpoint must be a C2SP signed note signed by the verifier key, whose checkpoint text
 * names the verifier key's name as origin, equal to the bundle's {@code origin}. Each entry must
 * then hold: a canonical version-1 leaf ({@link Leaf#parse}) whose {@code seq} is the entry's; an
 * RFC 6962 §2.1.1 inclusion proof from its leaf hash {@code SHA-256(0x00 ‖ leaf)} at index seq to
 * the checkpoint's root and size (checked after the statement, so that a changed statement is named
 * as such); a statement that parses strictly, is for the checkpoint's origin ({@code ledger}) and
 * whose {@code eddsa-jcs-2022} proof verifies. Then, in seq order, over the entries that passed
 * those: a signing key that belonged to the statement's actor at that seq — an earlier entry that
 * itself fully verified gave it to the actor (the genesis for the operator's first key, {@code
 * institution.registered}, {@code institution.keyAdded}) and no earlier fully verified entry
 * revoked it; an authorised actor ({@code institution.registered} by the genesis's operator, {@code
 * institution.keyAdded} and {@code institution.keyRevoked} by the operator or the institution
 * itself, a revocation not signed with the key it revokes); for {@code achievement.recorded} and
 * {@code credit.converted}, the bundle's learner; and that nothing in the bundle ended it: an
 * achievement revoked or superseded, or a conversion with such a source (void), fails, with its
 * {@link BundleReport.Status}. Each entry gets its own verdict.
 *
 * <p>An offline OK means only: authentic, in the log as of the checkpoint, and not ended by any
 * entry the bundle includes. A bundle cannot show that nothing is missing (see {@code
 * docs/bundle.md}).
 */
public final class BundleVerifier {
  private BundleVerifier() {}

  /** An entry that passed the checks that need no other entry. */
  private record Good(long seq, Statement statement, Body body) {}

  /** A key given to or taken from an institution at a seq. */
  private record KeyEvent(String institution, String didKey, long seq, boolean added) {}

  /** What ended an achievement: the entry at {@code seq}, by {@code by}. */
  private record End(BundleReport.State state, long seq, String by) {
    String describe() {
      return (state == BundleReport.State.REVOKED ? "revoked" : "superseded")
          + " at seq "
          + seq
          + " by "
          + by;
    }
  }

  /**
   * Checks every part of a bundle and gives a verdict on each.
   *
   * @param bundle the parsed bundle
   * @param verifier the operator's checkpoint verifier key
   * @return the verdicts; {@link BundleReport#failed()} tells whether anything failed
   */
  public static BundleReport check(Bundle bundle, NoteVerifier verifier) {
    Objects.requireNonNull(verifier, "verifier");
    return check(bundle, CheckpointVerifier.of(verifier));
  }

  /**
   * Checks every part of a bundle and gives a verdict on each, trusting several checkpoint keys:
   * the bundle's checkpoint must be signed by at least one of them (during a rotation of the
   * operator's key it carries both the old and the new key's signature).
   *
   * @param bundle the parsed bundle
   * @param verifier the operator's checkpoint verifier keys
   * @return the verdicts; {@link BundleReport#failed()} tells whether anything failed
   */
  public static BundleReport check(Bundle bundle, CheckpointVerifier verifier) {
    Objects.requireNonNull(bundle, "bundle");
    Objects.requireNonNull(verifier, "verifier");
    VerifiedCheckpoint cp;
    try {
      cp = verifier.open(bundle.checkpoint().toByteArray());
    } catch (NoteException e) {
      return allFail(bundle, "does not verify with " + verifier.origin() + ": " + e.getMessage());
    }
    String origin = cp.checkpoint().origin();
    if (!bundle.origin().equals(origin)) {
      return allFail(
          bundle,
          "the bundle says origin \""
              + bundle.origin()
              + "\", but its checkpoint is of \""
              + origin
              + "\"");
    }
    long size = cp.checkpoint().size();
    List<Optional<String>> failures = new ArrayList<>();
    List<String> whats = new ArrayList<>();
    List<Good> good = new ArrayList<>();
    for (BundleEntry e : bundle.entries()) {
      Good g = null;
      String what = "entry";
      String failure = null;
      try {
        Leaf leaf = Leaf.parse(e.leaf().toByteArray());
        if (leaf.seq() != e.seq()) {
          throw new BundleException(
              String.format(Locale.ROOT, "the leaf says seq %d, want %d", leaf.seq(), e.seq()));
        }
        Statement s;
        try {
          s = Statement.parse(leaf.statement().toByteArray(), origin);
        } catch (StatementException se) {
          if (se.code() == RejectCode.WRONG_LEDGER) {
            throw new BundleException("wrong ledger: " + se.getMessage(), se);
          }
          throw new BundleException("bad statement: " + se.getMessage(), se);
        }
        VerifiedStatement v;
        try {
          v = VerifiedStatement.of(s);
        } catch (StatementException se) {
          throw new BundleException("bad statement body: " + se.getMessage(), se);
        }
        what = describe(s, v.body());
        try {
          ProofVerifier.verifyInclusion(
              e.seq(), size, leaf.hash(), e.proof(), cp.checkpoint().root());
        } catch (ProofException pe) {
          throw new BundleException(
              "the inclusion proof does not lead to the checkpoint of size "
                  + size
                  + ": "
                  + pe.getMessage(),
              pe);
        }
        g = new Good(e.seq(), s, v.body());
      } catch (CorruptionException ce) {
        failure = "the leaf is not a canonical leaf: " + ce.getMessage();
      } catch (BundleException be) {
        failure = be.getMessage();
      }
      whats.add(what);
      failures.add(Optional.ofNullable(failure));
      good.add(g);
    }
    // The key history, built in seq order (the bundle's order) only from entries that fully
    // verified: a key given by an entry that fails does not count.
    List<KeyEvent> keys = new ArrayList<>();
    String operator = operatorOf(good);
    for (int i = 0; i < good.size(); i++) {
      Good g = good.get(i);
      if (g == null) {
        continue;
      }
      Optional<String> failure =
          checkSigner(g, keys)
              .or(() -> checkActor(g, operator))
              .or(() -> checkLearner(g, bundle.learner()));
      failures.set(i, failure);
      if (failure.isPresent()) {
        continue;
      }
      if (g.body() instanceof GenesisBody gb) {
        keys.add(new KeyEvent(gb.operator().id(), gb.operator().key().toDidKey(), g.seq(), true));
      } else if (g.body() instanceof InstitutionRegisteredBody r) {
        for (Ed25519PublicKey k : r.keys()) {
          keys.add(new KeyEvent(r.id(), k.toDidKey(), g.seq(), true));
        }
      } else if (g.body() instanceof KeyChangeBody k) {
        keys.add(
            new KeyEvent(
                k.institution(),
                k.key().toDidKey(),
                g.seq(),
                k.type() == StatementType.INSTITUTION_KEY_ADDED));
      }
    }
    // What ended each achievement: any entry in the log as of the checkpoint (checks 1-3) counts,
    // the earliest first, even one whose signer the bundle cannot show — it is in the log.
    Map<String, End> ends = new HashMap<>();
    for (Good g : good) {
      if (g == null) {
        continue;
      }
      if (g.body() instanceof AchievementRevokedBody r) {
        ends.putIfAbsent(
            r.issuer() + "/" + r.achievement(),
            new End(BundleReport.State.REVOKED, g.seq(), g.statement().actor()));
      } else if (g.body() instanceof AchievementRecordedBody a && a.supersedes().isPresent()) {
        ends.putIfAbsent(
            g.statement().actor() + "/" + a.supersedes().get(),
            new End(
                BundleReport.State.SUPERSEDED,
                g.seq(),
                g.statement().actor() + "/" + a.achievement()));
      }
    }
    List<BundleReport.Verdict> verdicts = new ArrayList<>();
    for (int i = 0; i < good.size(); i++) {
      Good g = good.get(i);
      long seq = bundle.entries().get(i).seq();
      Optional<String> failure = failures.get(i);
      Optional<BundleReport.Status> status = Optional.empty();
      if (g != null && g.body() instanceof AchievementRecordedBody a) {
        String ref = g.statement().actor() + "/" + a.achievement();
        End end = ends.get(ref);
        if (end == null) {
          status = Optional.of(BundleReport.Status.ACTIVE);
        } else {
          status = Optional.of(BundleReport.Status.ended(end.state(), end.seq()));
          failure = failure.or(() -> Optional.of(end.describe()));
        }
      } else if (g != null && g.body() instanceof CreditConvertedBody c) {
        End first = null;
        String source = null;
        for (AchievementRef r : c.sources()) {
          String ref = r.issuer() + "/" + r.achievement();
          End end = ends.get(ref);
          if (end != null && (first == null || end.seq() < first.seq())) {
            first = end;
            source = ref;
          }
        }
        if (first == null) {
          status = Optional.of(BundleReport.Status.ACTIVE);
        } else {
          status = Optional.of(BundleReport.Status.ended(BundleReport.State.VOID, first.seq()));
          String why =
              "void: source "
                  + source
                  + " "
                  + (first.state() == BundleReport.State.REVOKED ? "revoked" : "superseded")
                  + " at seq "
                  + first.seq();
          failure = failure.or(() -> Optional.of(why));
        }
      }
      verdicts.add(new BundleReport.Verdict(seq, whats.get(i), status, failure));
    }
    return new BundleReport(bundle.learner(), origin, size, Optional.empty(), verdicts);
  }

  /**
   * Checks a bundle and fails on the first thing wrong.
   *
   * @param bundle the parsed bundle
   * @param verifier the operator's checkpoint verifier key
   * @throws BundleVerificationException naming the checkpoint or the first failing entry's seq, and
   *     the reason
   */
  public static void verify(Bundle bundle, NoteVerifier verifier)
      throws BundleVerificationException {
    Objects.requireNonNull(verifier, "verifier");
    verify(bundle, CheckpointVerifier.of(verifier));
  }

  /**
   * Checks a bundle against several checkpoint keys and fails on the first thing wrong.
   *
   * @param bundle the parsed bundle
   * @param verifier the operator's checkpoint verifier keys
   * @throws BundleVerificationException naming the checkpoint or the first failing entry's seq, and
   *     the reason
   */
  public static void verify(Bundle bundle, CheckpointVerifier verifier)
      throws BundleVerificationException {
    BundleReport r = check(bundle, verifier);
    if (r.failed()) {
      throw new BundleVerificationException(r.failures().get(0));
    }
  }

  private static BundleReport allFail(Bundle bundle, String reason) {
    List<BundleReport.Verdict> v = new ArrayList<>();
    for (BundleEntry e : bundle.entries()) {
      v.add(
          new BundleReport.Verdict(
              e.seq(),
              "entry",
              Optional.empty(),
              Optional.of("not checked: the checkpoint does not verify")));
    }
    return new BundleReport(bundle.learner(), bundle.origin(), 0, Optional.of(reason), v);
  }

  private static Optional<String> checkSigner(Good g, List<KeyEvent> keys) {
    String actor = g.statement().actor();
    String did = g.statement().proof().signer().toDidKey();
    if (g.body() instanceof GenesisBody gb) {
      if (g.seq() != 0
          || !actor.equals(gb.operator().id())
          || !did.equals(gb.operator().key().toDidKey())) {
        return Optional.of(
            "want the genesis at seq 0, by its operator, signed with the operator key; got seq "
                + g.seq()
                + " by "
                + actor
                + " signed with "
                + did);
      }
      return Optional.empty();
    }
    boolean given = false;
    long revokedAt = -1;
    for (KeyEvent k : keys) {
      if (k.seq() >= g.seq() || !k.institution().equals(actor) || !k.didKey().equals(did)) {
        continue;
      }
      if (k.added()) {
        given = true;
      } else if (revokedAt < 0) {
        revokedAt = k.seq();
      }
    }
    if (!given) {
      return Optional.of(
          "signed with "
              + did
              + ", which no entry of the bundle gives to "
              + actor
              + " before seq "
              + g.seq());
    }
    if (revokedAt >= 0) {
      return Optional.of(
          "signed with " + did + " of " + actor + ", revoked at seq " + revokedAt + " before it");
    }
    return Optional.empty();
  }

  /** The operator the bundle's genesis names, if the genesis passed checks 1-3. */
  private static String operatorOf(List<Good> good) {
    for (Good g : good) {
      if (g != null && g.body() instanceof GenesisBody gb) {
        return gb.operator().id();
      }
    }
    return null;
  }

  /**
   * The ledger's rules on who may change institutions and keys ({@code docs/statements.md}, "Rules
   * the ledger checks"): only the operator registers; the operator or the institution itself adds
   * and revokes its keys, and a key never signs its own revocation.
   */
  private static Optional<String> checkActor(Good g, String operator) {
    String actor = g.statement().actor();
    String type = g.statement().type().wireName();
    if (g.body() instanceof InstitutionRegisteredBody) {
      if (operator == null || !actor.equals(operator)) {
        return Optional.of(
            "want " + type + " signed by the operator " + operator + ", got actor " + actor);
      }
    } else if (g.body() instanceof KeyChangeBody k) {
      if (operator == null || !(actor.equals(operator) || actor.equals(k.institution()))) {
        return Optional.of(
            "want "
                + type
                + " signed by the operator "
                + operator
                + " or by "
                + k.institution()
                + " itself, got actor "
                + actor);
      }
      if (k.type() == StatementType.INSTITUTION_KEY_REVOKED
          && g.statement().proof().signer().equals(k.key())) {
        return Optional.of(
            "want "
                + type
                + " signed with a key other than the one it revokes, got "
                + k.key().toDidKey());
      }
    }
    return Optional.empty();
  }

  private static Optional<String> checkLearner(Good g, String learner) {
    if (g.body() instanceof AchievementRecordedBody a && !a.learner().equals(learner)) {
      return Optional.of(
          "achievement "
              + g.statement().actor()
              + "/"
              + a.achievement()
              + " names learner "
              + a.learner()
              + ", not the bundle's learner "
              + learner);
    }
    if (g.body() instanceof CreditConvertedBody c && !c.learner().equals(learner)) {
      return Optional.of(
          "conversion "
              + g.statement().actor()
              + "/"
              + c.conversion()
              + " names learner "
              + c.learner()
              + ", not the bundle's learner "
              + learner);
    }
    return Optional.empty();
  }

  private static String describe(Statement s, Body b) {
    String type = s.type().wireName();
    if (b instanceof AchievementRecordedBody a) {
      return String.format(
          Locale.ROOT,
          "%s %s/%s: %s, %s credits (%s)",
          type,
          s.actor(),
          a.achievement(),
          a.title(),
          a.credits().toPlainString(),
          a.learner());
    }
    if (b instanceof CreditConvertedBody c) {
      return String.format(
          Locale.ROOT,
          "%s %s/%s: %s credits under rule %s (%s)",
          type,
          s.actor(),
          c.conversion(),
          c.credits().toPlainString(),
          c.rule(),
          c.learner());
    }
    if (b instanceof InstitutionRegisteredBody r) {
      return type + " " + r.id() + " by " + s.actor();
    }
    if (b instanceof KeyChangeBody k) {
      return type + " " + k.institution() + " " + k.key().toDidKey() + " by " + s.actor();
    }
    if (b instanceof AchievementRevokedBody r) {
      return type + " " + r.issuer() + "/" + r.achievement() + " by " + s.actor();
    }
    if (b instanceof RulePublishedBody r) {
      return type + " " + s.actor() + "/" + r.rule();
    }
    return type + " " + s.actor() + "/" + s.id();
  }
}
