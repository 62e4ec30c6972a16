package org.creditbank.ledger.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IoErrorsTest {
  @TempDir Path tmp;

  @Test
  void reason_missingFile_noSuchFile() {
    IOException e =
        assertThrows(IOException.class, () -> Files.readAllBytes(tmp.resolve("none.txt")));
    assertEquals("no such file", IoErrors.reason(e));
  }

  @Test
  void reason_directoryReadAsFile_osWordsWithoutClassName() {
    // Files.readAllBytes on a directory throws a plain IOException("Is a directory"), which
    // messages used to show as "java.io.IOException: Is a directory".
    IOException e = assertThrows(IOException.class, () -> Files.readAllBytes(tmp));
    assertEquals("is a directory", IoErrors.reason(e));
  }

  @Test
  void reason_existingFile_itAlreadyExists() throws IOException {
    Path f = Files.createFile(tmp.resolve("f"));
    IOException e = assertThrows(IOException.class, () -> Files.createFile(f));
    assertEquals("it already exists", IoErrors.reason(e));
  }

  @Test
  void reason_noMessage_simpleClassName() {
    assertEquals("IOException", IoErrors.reason(new IOException()));
  }
}
