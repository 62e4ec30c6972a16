package org.creditbank.ledger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Locates the public test vectors in {@code ../shared/vectors/}. */
public final class Vectors {
  private Vectors() {}

  /**
   * Resolves a path inside the vectors folder.
   *
   * @param relative for example {@code "jcs/input/arrays.json"}
   * @return the absolute path, which exists
   * @throws IllegalStateException if the vectors folder or the file is missing
   */
  public static Path path(String relative) {
    String dir = System.getProperty("vectors.dir");
    Path root = dir != null ? Paths.get(dir) : Paths.get("..", "..", "shared", "vectors");
    Path p = root.resolve(relative).toAbsolutePath().normalize();
    if (!Files.exists(p)) {
      throw new IllegalStateException("test vector not found: " + p);
    }
    return p;
  }
}
