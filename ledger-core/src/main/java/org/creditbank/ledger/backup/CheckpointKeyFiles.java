package org.creditbank.ledger.backup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the operator's checkpoint key files sit, all beside the current key's file: {@code
 * <stem>.next.pem}, the next key while a rotation is under way, and {@code <stem>.retired-<key
 * ID>.pem} (eight lower-case hex digits), each key a rotation retired; {@code <stem>} is the
 * current file's name without {@code .pem}. The one definition of these names, used by the CLI's
 * key rotation and by backup and restore.
 */
public final class CheckpointKeyFiles {
  private static final String PEM = ".pem";
  private static final String NEXT = ".next.pem";
  private static final Pattern RETIRED_SUFFIX = Pattern.compile("\\.retired-([0-9a-f]{8})\\.pem");

  private CheckpointKeyFiles() {}

  /**
   * Returns the next key's file beside a current key's file.
   *
   * @param current the current key's file
   * @return {@code <stem>.next.pem} in the same directory
   */
  public static Path next(Path current) {
    return current.resolveSibling(stem(current) + NEXT);
  }

  /**
   * Returns where a retired key with this key ID is kept beside a current key's file.
   *
   * @param current the current key's file
   * @param keyId the retired key's ID
   * @return {@code <stem>.retired-<key ID>.pem} in the same directory
   */
  public static Path retired(Path current, int keyId) {
    return current.resolveSibling(
        stem(current) + String.format(Locale.ROOT, ".retired-%08x.pem", keyId));
  }

  /**
   * Lists the retired keys' files beside a current key's file, by name.
   *
   * @param current the current key's file
   * @return the files named as {@link #retired} names them, sorted
   * @throws IOException if the directory cannot be listed
   */
  public static List<Path> retiredFiles(Path current) throws IOException {
    String stem = stem(current);
    Path parent = current.toAbsolutePath().getParent();
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent, stem + ".retired-*.pem")) {
      for (Path p : ds) {
        if (retiredKeyId(stem, p.getFileName().toString()) != null) {
          files.add(current.resolveSibling(p.getFileName()));
        }
      }
    }
    files.sort(null);
    return files;
  }

  /**
   * Whether a file name is one of the key files that sit beside a current key's file of this name:
   * the current key, the next key or a retired key.
   *
   * @param currentName the current key's file name, such as {@code checkpoint-key.pem}
   * @param name the file name to check
   * @return true if {@code name} is the current, next or a retired key's file name
   */
  public static boolean isKeyFileName(String currentName, String name) {
    String stem = stem(currentName);
    return name.equals(currentName) || name.equals(stem + NEXT) || retiredKeyId(stem, name) != null;
  }

  /**
   * Names a key file beside another current key's file as it is named beside its own: the next
   * key's file of {@code current} becomes the next key's file of {@code to}, and so on.
   *
   * @param current the current key's file {@code file} sits beside
   * @param file the current, next or a retired key's file beside {@code current}
   * @param to another current key's file
   * @return the file of the same role beside {@code to}
   * @throws IllegalArgumentException if {@code file} is not a key file beside {@code current}
   */
  public static Path renamed(Path current, Path file, Path to) {
    String currentName = current.getFileName().toString();
    String name = file.getFileName().toString();
    if (!isKeyFileName(currentName, name)) {
      throw new IllegalArgumentException("want a key file beside " + current + ", got " + file);
    }
    return to.resolveSibling(stem(to) + name.substring(stem(currentName).length()));
  }

  private static String retiredKeyId(String stem, String name) {
    if (!name.startsWith(stem)) {
      return null;
    }
    Matcher m = RETIRED_SUFFIX.matcher(name.substring(stem.length()));
    return m.matches() ? m.group(1) : null;
  }

  private static String stem(Path current) {
    return stem(current.getFileName().toString());
  }

  private static String stem(String name) {
    return name.endsWith(PEM) ? name.substring(0, name.length() - PEM.length()) : name;
  }
}
