package org.creditbank.ledger.util;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * Why a file operation failed, in words for the person at the terminal: "no such file", not {@code
 * java.nio.file.NoSuchFileException: tokens.txt}. Messages name the file themselves; the exception
 * stays chained as the cause (and a command's {@code --verbose} prints it).
 */
public final class IoErrors {
  private IoErrors() {}

  /**
   * The reason an I/O operation failed, without the exception's class name or the path.
   *
   * @param e the exception
   * @return a short lower-case reason such as {@code no such file} or {@code is a directory}
   */
  public static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "it already exists";
    }
    if (e instanceof DirectoryNotEmptyException) {
      return "the directory is not empty";
    }
    if (e instanceof NotDirectoryException) {
      return "not a directory";
    }
    // A FileSystemException's message repeats the path; its reason alone is the OS's words.
    String m = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    return m.substring(0, 1).toLowerCase(Locale.ROOT) + m.substring(1);
  }
}
