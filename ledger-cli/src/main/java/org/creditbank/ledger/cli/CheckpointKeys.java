package org.creditbank.ledger.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.creditbank.ledger.backup.CheckpointKeyFiles;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.note.CheckpointVerifier;
import org.creditbank.ledger.note.NoteSigner;
import org.creditbank.ledger.note.NoteVerifier;
import org.creditbank.ledger.util.IoErrors;

/**
 * The operator's checkpoint key files, all beside the current key ({@code DIR/checkpoint-key.pem}
 * or {@code --checkpoint-key FILE}): {@code <stem>.next.pem}, the next key while a rotation is
 * under way, and {@code <stem>.retired-<key ID>.pem}, each key a rotation retired ({@code <stem>}
 * is the file name without {@code .pem}). Whether the next key exists is the whole rotation state:
 * every command that opens the ledger signs with both keys while it does, so a restarted server
 * keeps the transition.
 *
 * <p>Every key file is checked before it is read: like ssh, a private key that its group or others
 * may read, write or run is refused, with the mode found and the {@code chmod} to run.
 */
final class CheckpointKeys {
  private final Path current;

  CheckpointKeys(Path current) {
    this.current = current;
  }

  /** The current key's file. */
  Path current() {
    return current;
  }

  /** The next key's file, present while a rotation is under way. */
  Path next() {
    return CheckpointKeyFiles.next(current);
  }

  /** Where a retired key with this key ID is kept. */
  Path retired(int keyId) {
    return CheckpointKeyFiles.retired(current, keyId);
  }

  /** Whether a rotation is under way: the next key's file exists. */
  boolean rotating() {
    return Files.exists(next());
  }

  /** The retired keys' files, by name. */
  List<Path> retiredFiles() {
    try {
      return CheckpointKeyFiles.retiredFiles(current);
    } catch (IOException e) {
      throw new Cli.Failure(
          ExitCodes.IO,
          "cannot list " + current.toAbsolutePath().getParent() + ": " + IoErrors.reason(e),
          e);
    }
  }

  /**
   * The signers of new checkpoints: the current key, then the next key during a rotation.
   *
   * @throws Cli.Failure if a key file is missing, unreadable, not a key, or open to others
   */
  List<NoteSigner> signers(String origin) {
    if (!Files.exists(current) && rotating()) {
      throw new Cli.Failure(
          ExitCodes.IO,
          "cannot read "
              + current
              + ": no such file, but "
              + next()
              + " exists: a promote was interrupted; finish it with ledger checkpoint-key promote");
    }
    List<NoteSigner> s = new ArrayList<>();
    s.add(NoteSigner.of(origin, read(current)));
    if (rotating()) {
      s.add(NoteSigner.of(origin, read(next())));
    }
    return s;
  }

  /**
   * Every key this ledger's checkpoints were signed with, as far as the files tell: current, next
   * and retired. For the checks that have no published key given.
   */
  CheckpointVerifier verifiers(String origin) {
    List<NoteVerifier> v = new ArrayList<>();
    for (NoteSigner s : signers(origin)) {
      v.add(s.verifier());
    }
    for (Path f : retiredFiles()) {
      v.add(NoteSigner.of(origin, read(f)).verifier());
    }
    return new CheckpointVerifier(v);
  }

  /**
   * Reads a checkpoint private key after checking its permissions.
   *
   * @throws Cli.Failure if the file is missing, unreadable, not a key, or open to others
   */
  static Ed25519PrivateKey read(Path file) {
    checkPermissions(file);
    return Cli.readKey(file);
  }

  /**
   * Refuses a private key file that its group or others may access, as ssh does: the message names
   * the mode found and the {@code chmod} that fixes it. On a file system without POSIX modes there
   * is nothing to check.
   *
   * @throws Cli.Failure ({@link ExitCodes#IO}) if the group or others have any permission
   */
  static void checkPermissions(Path file) {
    if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")
        || !Files.exists(file)) {
      return; // Nothing to check, or the read that follows says the file is missing.
    }
    Set<PosixFilePermission> p;
    try {
      p = Files.getPosixFilePermissions(file);
    } catch (IOException e) {
      throw new Cli.Failure(
          ExitCodes.IO, "cannot read the permissions of " + file + ": " + IoErrors.reason(e), e);
    }
    boolean group =
        p.contains(PosixFilePermission.GROUP_READ)
            || p.contains(PosixFilePermission.GROUP_WRITE)
            || p.contains(PosixFilePermission.GROUP_EXECUTE);
    boolean others =
        p.contains(PosixFilePermission.OTHERS_READ)
            || p.contains(PosixFilePermission.OTHERS_WRITE)
            || p.contains(PosixFilePermission.OTHERS_EXECUTE);
    if (!group && !others) {
      return;
    }
    boolean readable =
        p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ);
    String who = group && others ? "its group and others" : group ? "its group" : "others";
    throw new Cli.Failure(
        ExitCodes.IO,
        String.format(
            Locale.ROOT,
            "private key %s has mode %s: %s may %s it; want mode 600 (only its owner may read"
                + " it): run chmod 600 %s",
            file,
            mode(p),
            who,
            readable ? "read" : "access",
            file));
  }

  /** The octal mode of a permission set, such as {@code 644}. */
  static String mode(Set<PosixFilePermission> p) {
    // "rw-r-----": each letter present is one bit, from 0400 down to 0001.
    String rwx = PosixFilePermissions.toString(p);
    int m = 0;
    for (int i = 0; i < rwx.length(); i++) {
      m = (m << 1) | (rwx.charAt(i) == '-' ? 0 : 1);
    }
    return String.format(Locale.ROOT, "%03o", m);
  }
}
