package org.creditbank.ledger.util;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only their owner may read (POSIX mode 600, where the file system has modes) and directories
 * only their owner may enter (700): private keys and what travels with them.
 */
public final class PrivateFiles {
  private static final FileAttribute<?> OWNER_FILE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  private static final FileAttribute<?> OWNER_DIR =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
  private static final Set<OpenOption> CREATE_NEW =
      Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

  private PrivateFiles() {}

  private static boolean posix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /**
   * Creates a new, empty file only its owner may read.
   *
   * @param file the file
   * @throws FileAlreadyExistsException if it exists
   * @throws IOException if it cannot be created
   */
  public static void create(Path file) throws IOException {
    if (posix(file)) {
      Files.createFile(file, OWNER_FILE);
    } else {
      Files.createFile(file);
    }
  }

  /**
   * Creates a new directory only its owner may enter.
   *
   * @param dir the directory; its parent must exist
   * @throws FileAlreadyExistsException if it exists
   * @throws IOException if it cannot be created
   */
  public static void createDirectory(Path dir) throws IOException {
    if (posix(dir)) {
      Files.createDirectory(dir, OWNER_DIR);
    } else {
      Files.createDirectory(dir);
    }
  }

  /**
   * Creates a new directory with a random name under {@code parent}, only its owner may enter.
   *
   * @param parent where to create it
   * @param prefix the start of its name
   * @return the directory
   * @throws IOException if it cannot be created
   */
  public static Path createTempDirectory(Path parent, String prefix) throws IOException {
    return posix(parent)
        ? Files.createTempDirectory(parent, prefix, OWNER_DIR)
        : Files.createTempDirectory(parent, prefix);
  }

  /**
   * Makes an existing directory one only its owner may enter, where the file system has modes.
   *
   * @param dir the directory
   * @throws IOException if its mode cannot be set
   */
  public static void restrictDirectory(Path dir) throws IOException {
    if (posix(dir)) {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
  }

  /**
   * Writes a new file only its owner may read and forces it, then its directory entry, to the disk:
   * a key lost to a crash just after it was written may leave a ledger nobody can sign for. A file
   * system that cannot sync a directory keeps the file synced.
   *
   * @param file the file, which must not exist
   * @param bytes its contents
   * @throws FileAlreadyExistsException if it exists
   * @throws IOException if it cannot be written
   */
  public static void write(Path file, byte[] bytes) throws IOException {
    try (FileChannel ch =
        posix(file)
            ? FileChannel.open(file, CREATE_NEW, OWNER_FILE)
            : FileChannel.open(file, CREATE_NEW)) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    try (FileChannel dir =
        FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // Some file systems cannot sync a directory; the file itself is on the disk.
    }
  }
}
