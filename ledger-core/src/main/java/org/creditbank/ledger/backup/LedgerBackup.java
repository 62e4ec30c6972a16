package org.creditbank.ledger.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.audit.AuditFailedException;
import org.creditbank.ledger.audit.AuditOptions;
import org.creditbank.ledger.audit.AuditReport;
import org.creditbank.ledger.audit.LedgerAuditor;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.crypto.KeyFormatException;
import org.creditbank.ledger.journal.Journal;
import org.creditbank.ledger.journal.StorageException;
import org.creditbank.ledger.note.Checkpoint;
import org.creditbank.ledger.note.CheckpointVerifier;
import org.creditbank.ledger.note.NoteException;
import org.creditbank.ledger.note.NoteSigner;
import org.creditbank.ledger.note.NoteVerifier;
import org.creditbank.ledger.note.SignedNote;
import org.creditbank.ledger.util.Hash;
import org.creditbank.ledger.util.IoErrors;
import org.creditbank.ledger.util.PrivateFiles;

/**
 * Takes a backup of an open ledger while it runs, and restores one into a ledger directory.
 *
 * <p>A backup is a directory: {@code db/} (a RocksDB checkpoint of the ledger's one database, every
 * column family: journal, tree, checkpoints, ids, derived state and the erasable profile store, at
 * one point in time), {@code checkpoint-key.pem} (mode 600), the next and retired checkpoint keys
 * when there are any ({@code checkpoint-key.next.pem} during a rotation, {@code
 * checkpoint-key.retired-<key ID>.pem}, mode 600, named by {@link CheckpointKeyFiles}) and {@code
 * manifest.json} ({@link BackupManifest}), written last. It must be taken by the process that has
 * the ledger open; see {@code docs/operations.md} for why.
 */
public final class LedgerBackup {
  private LedgerBackup() {}

  /**
   * What a restore did.
   *
   * @param manifest the restored backup's manifest, its checkpoint verified
   * @param audit the audit of the restored ledger, run before it was put in place
   * @param replaced where the directory it replaced was moved, if it replaced one
   */
  public record Restored(BackupManifest manifest, AuditReport audit, Optional<Path> replaced) {
    /**
     * Checks the fields.
     *
     * @param manifest the manifest
     * @param audit the audit
     * @param replaced where the replaced directory went
     */
    public Restored {
      Objects.requireNonNull(manifest, "manifest");
      Objects.requireNonNull(audit, "audit");
      Objects.requireNonNull(replaced, "replaced");
    }
  }

  /**
   * Backs up an open ledger into a new directory while it goes on taking submissions (see {@link
   * Journal#copyTo}): the copy ends on a whole, durable group, whose checkpoint the manifest holds.
   * If anything fails, what was written of the backup is removed.
   *
   * @param ledger the open ledger
   * @param checkpointKey the ledger's checkpoint key file, copied into the backup with the next and
   *     retired key files beside it, if any ({@link CheckpointKeyFiles})
   * @param out an absent or empty directory; its parent is created if missing
   * @param clock stamps the manifest's {@code created}
   * @return the manifest written
   * @throws BackupException if {@code out} is not empty, the key is not the ledger's, or a next or
   *     retired key file is not a key
   * @throws StorageException if reading the ledger or writing the backup failed
   */
  public static BackupManifest create(
      CreditLedger ledger, Path checkpointKey, Path out, Clock clock)
      throws BackupException, StorageException {
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(clock, "clock");
    byte[] pem = read(checkpointKey);
    NoteSigner signer = signer(ledger.origin(), pem, checkpointKey);
    try {
      ledger.journal().latestCheckpoint().verify(signer.verifier());
    } catch (NoteException e) {
      throw new BackupException(
          "the checkpoint key " + checkpointKey + " is not the key of ledger " + ledger.origin(),
          e);
    }
    // A rotation's next key must reach the restored ledger, or it stops co-signing; the retired
    // keys are what audits the history signed before a promote.
    List<Path> others = new ArrayList<>();
    Path next = CheckpointKeyFiles.next(checkpointKey);
    if (Files.exists(next)) {
      others.add(next);
    }
    try {
      others.addAll(CheckpointKeyFiles.retiredFiles(checkpointKey));
    } catch (IOException e) {
      throw new StorageException(
          "cannot list the key files beside " + checkpointKey + ": " + IoErrors.reason(e), e);
    }
    List<byte[]> otherPems = new ArrayList<>();
    for (Path f : others) {
      byte[] p = read(f);
      signer(ledger.origin(), p, f);
      otherPems.add(p);
    }
    boolean existed = Files.isDirectory(out);
    if (existed && !isEmpty(out)) {
      throw new BackupException(
          "want a new or empty directory for the backup, got " + out + ", which is not empty");
    }
    try {
      if (!existed) {
        if (out.toAbsolutePath().getParent() != null) {
          Files.createDirectories(out.toAbsolutePath().getParent());
        }
        PrivateFiles.createDirectory(out);
      } else {
        // The backup holds the private checkpoint key: an empty directory given for it becomes
        // the owner's alone, as a new one would be.
        PrivateFiles.restrictDirectory(out);
      }
      SignedNote note = ledger.journal().copyTo(out.resolve(BackupManifest.DB_DIR));
      writePrivate(out.resolve(BackupManifest.KEY_FILE), pem);
      List<BackupManifest.FileEntry> files = new ArrayList<>();
      files.add(entry(out, BackupManifest.KEY_FILE));
      Path keyInBackup = out.resolve(BackupManifest.KEY_FILE);
      for (int i = 0; i < others.size(); i++) {
        String name =
            CheckpointKeyFiles.renamed(checkpointKey, others.get(i), keyInBackup)
                .getFileName()
                .toString();
        writePrivate(out.resolve(name), otherPems.get(i));
        files.add(entry(out, name));
      }
      try (Stream<Path> s = Files.list(out.resolve(BackupManifest.DB_DIR))) {
        for (Path p : s.sorted().toList()) {
          files.add(entry(out, BackupManifest.DB_DIR + "/" + p.getFileName()));
        }
      }
      Checkpoint cp = Checkpoint.parse(note.text());
      BackupManifest m =
          new BackupManifest(cp.origin(), cp.size(), cp.root(), note, clock.instant(), files);
      Path tmp = out.resolve(BackupManifest.FILE_NAME + ".tmp");
      writePrivate(tmp, m.toJson());
      Files.move(tmp, out.resolve(BackupManifest.FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
      return m;
    } catch (IOException | NoteException | StorageException | RuntimeException e) {
      removeQuietly(out, existed);
      if (e instanceof StorageException se) {
        throw se;
      }
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new StorageException("cannot write the backup " + out + ": " + e, e);
    }
  }

  /**
   * Reads the manifest of a backup directory.
   *
   * @param backup the backup directory
   * @return the manifest
   * @throws BackupException if there is no manifest (not a backup, or an unfinished one) or it is
   *     malformed
   */
  public static BackupManifest readManifest(Path backup) throws BackupException {
    Path file = backup.resolve(BackupManifest.FILE_NAME);
    byte[] json;
    try {
      json = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new BackupException(
          "no backup at "
              + backup
              + ": no "
              + BackupManifest.FILE_NAME
              + " (not a backup, or one that did not finish)",
          e);
    } catch (IOException e) {
      throw new BackupException("cannot read " + file + ": " + IoErrors.reason(e), e);
    }
    return BackupManifest.parse(json);
  }

  /**
   * Restores a backup into a ledger directory. Nothing in {@code dir} changes until the backup is
   * shown good: every file is copied to a new directory beside {@code dir} and checked against the
   * manifest's length and SHA-256 on the way, the manifest's checkpoint is verified with the
   * backup's checkpoint key (and must be the operator's expected key, if given), and the copy is
   * audited from seq 0 ({@link LedgerAuditor}), its head being the manifest's checkpoint. Only then
   * is the copy renamed to {@code dir}; a replaced directory is moved aside, never deleted.
   *
   * @param backup the backup directory
   * @param dir the ledger directory to restore into: absent or empty, unless {@code replace}
   * @param replace true to move a non-empty {@code dir} aside to {@code DIR.replaced-TIME}
   * @param expected the operator's published verifier key, if known
   * @param options how to run the audit
   * @return what was restored
   * @throws BackupException if {@code dir} is not empty (without {@code replace}) or holds a ledger
   *     that is open, or the backup is incomplete, damaged or signed with another key
   * @throws AuditFailedException if the backup's ledger does not audit clean
   * @throws StorageException if reading or writing failed
   * @throws InterruptedException if interrupted during the audit
   */
  public static Restored restore(
      Path backup, Path dir, boolean replace, Optional<NoteVerifier> expected, AuditOptions options)
      throws BackupException, AuditFailedException, StorageException, InterruptedException {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(options, "options");
    BackupManifest m = readManifest(backup);
    boolean occupied = Files.exists(dir) && !(Files.isDirectory(dir) && isEmpty(dir));
    if (occupied && !replace) {
      throw new BackupException(
          "want an absent or empty directory to restore into, got " + dir + ", which is not empty");
    }
    Path target = dir.toAbsolutePath().normalize();
    Path parent = target.getParent();
    if (parent == null) {
      throw new BackupException("cannot restore into the root directory " + dir);
    }
    Path staging;
    try {
      Files.createDirectories(parent);
      staging =
          PrivateFiles.createTempDirectory(parent, "." + target.getFileName() + ".restoring-");
    } catch (IOException e) {
      throw new StorageException(
          "cannot make a directory in " + parent + ": " + IoErrors.reason(e), e);
    }
    try {
      for (BackupManifest.FileEntry f : m.files()) {
        copyChecked(backup, f, staging);
      }
      Path key = staging.resolve(BackupManifest.KEY_FILE);
      NoteSigner signer = signer(m.origin(), read(key), backup);
      NoteVerifier verifier = signer.verifier();
      Optional<NoteVerifier> next = Optional.empty();
      Path nextFile = CheckpointKeyFiles.next(key);
      if (Files.exists(nextFile)) {
        next = Optional.of(signer(m.origin(), read(nextFile), backup).verifier());
      }
      // During a rotation a verifier may already hold the next key alone.
      if (expected.isPresent() && !expected.get().equals(verifier) && !expected.equals(next)) {
        throw new BackupException(
            "the backup's checkpoint key is "
                + verifier
                + next.map(n -> " (next " + n + ")").orElse("")
                + ", not the expected operator key "
                + expected.get());
      }
      // The history audits with every key that signed it: current, next and retired.
      List<NoteVerifier> keys = new ArrayList<>();
      keys.add(verifier);
      next.ifPresent(keys::add);
      for (Path f : CheckpointKeyFiles.retiredFiles(key)) {
        keys.add(signer(m.origin(), read(f), backup).verifier());
      }
      try {
        Checkpoint.open(m.checkpoint().toBytes(), verifier);
      } catch (NoteException e) {
        throw new BackupException(
            "the manifest's checkpoint does not verify with the backup's checkpoint key: "
                + e.getMessage(),
            e);
      }
      AuditReport report = LedgerAuditor.audit(staging, new CheckpointVerifier(keys), options);
      if (!Arrays.equals(report.latest().toBytes(), m.checkpoint().toBytes())) {
        throw new BackupException(
            String.format(
                Locale.ROOT,
                "the backup's ledger has %d entries, but the manifest's checkpoint has %d",
                report.entries(),
                m.size()));
      }
      Optional<Path> aside = Optional.empty();
      if (occupied) {
        if (Files.exists(target.resolve("CURRENT"))) {
          try {
            Journal.checkNotOpen(target);
          } catch (StorageException e) {
            throw new BackupException(
                "cannot replace " + dir + ": " + e.getMessage() + "; stop what has it open", e);
          }
        }
        Path old =
            target.resolveSibling(
                target.getFileName()
                    + ".replaced-"
                    + Instant.now().toString().replace(":", "").replace(".", ""));
        Files.move(target, old);
        aside = Optional.of(old);
      } else if (Files.isDirectory(target)) {
        Files.delete(target);
      }
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      return new Restored(m, report, aside);
    } catch (IOException e) {
      removeQuietly(staging, false);
      throw new StorageException("cannot restore into " + dir + ": " + IoErrors.reason(e), e);
    } catch (BackupException
        | AuditFailedException
        | StorageException
        | InterruptedException
        | RuntimeException e) {
      removeQuietly(staging, false);
      throw e;
    }
  }

  /** Copies one listed file into the staging directory, checking its length and SHA-256. */
  private static void copyChecked(Path backup, BackupManifest.FileEntry f, Path staging)
      throws BackupException, StorageException {
    Path from = backup.resolve(f.path());
    boolean key = BackupManifest.isKeyFile(f.path());
    String name = key ? f.path() : f.path().substring(BackupManifest.DB_DIR.length() + 1);
    Path to = staging.resolve(name);
    MessageDigest md = Hash.newSha256();
    long n = 0;
    try (InputStream in = Files.newInputStream(from)) {
      if (key) {
        PrivateFiles.create(to);
      }
      try (OutputStream os = Files.newOutputStream(to)) {
        byte[] buf = new byte[1 << 16];
        int r;
        while ((r = in.read(buf)) > 0) {
          md.update(buf, 0, r);
          os.write(buf, 0, r);
          n += r;
        }
      }
    } catch (NoSuchFileException e) {
      throw new BackupException(
          "the backup is incomplete: " + f.path() + " is listed in the manifest but missing", e);
    } catch (IOException e) {
      throw new StorageException("cannot copy " + from + ": " + IoErrors.reason(e), e);
    }
    Hash got = Hash.of(md.digest());
    if (n != f.bytes() || !got.equals(f.sha256())) {
      throw new BackupException(
          String.format(
              Locale.ROOT,
              "the backup is damaged: want %s of %d bytes with SHA-256 %s, got %d bytes with %s",
              f.path(),
              f.bytes(),
              f.sha256().toHex(),
              n,
              got.toHex()));
    }
  }

  private static NoteSigner signer(String origin, byte[] pem, Path where) throws BackupException {
    try {
      return NoteSigner.of(
          origin, Ed25519PrivateKey.fromPem(new String(pem, StandardCharsets.US_ASCII)));
    } catch (KeyFormatException e) {
      throw new BackupException(
          "bad checkpoint key in " + where + ": want an Ed25519 PKCS#8 PEM key: " + e, e);
    }
  }

  private static BackupManifest.FileEntry entry(Path root, String relative) throws IOException {
    Path p = root.resolve(relative);
    MessageDigest md = Hash.newSha256();
    long n = 0;
    try (InputStream in = Files.newInputStream(p)) {
      byte[] buf = new byte[1 << 16];
      int r;
      while ((r = in.read(buf)) > 0) {
        md.update(buf, 0, r);
        n += r;
      }
    }
    return new BackupManifest.FileEntry(relative, n, Hash.of(md.digest()));
  }

  private static byte[] read(Path file) throws StorageException {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new StorageException("cannot read " + file + ": " + IoErrors.reason(e), e);
    }
  }

  private static boolean isEmpty(Path dir) throws StorageException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      throw new StorageException("cannot read directory " + dir + ": " + IoErrors.reason(e), e);
    }
  }

  /** Writes a new file only its owner may read, forced to the disk. */
  private static void writePrivate(Path file, byte[] bytes) throws IOException {
    try {
      PrivateFiles.write(file, bytes);
    } catch (FileAlreadyExistsException e) {
      throw new IOException(file + " already exists", e);
    }
  }

  /** Removes a directory tree after a failure; the failure is what the caller reports. */
  private static void removeQuietly(Path dir, boolean keepDir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        if (!(keepDir && p.equals(dir))) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Best effort: the directory is reported neither as a backup nor as a ledger.
    }
  }
}
