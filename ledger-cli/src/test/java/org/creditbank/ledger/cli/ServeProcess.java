package org.creditbank.ledger.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.demo.WorkedScenario;
import org.creditbank.ledger.journal.JournalOptions;

/**
 * {@code ledger serve} started in a JVM of its own, as an operator runs it, for tests to signal.
 */
record ServeProcess(Process process, URI uri, Path stderr) {
  private static final Pattern SERVING = Pattern.compile(" on (http://[^;\\s]+);");

  /**
   * Makes the ledger of the worked scenario in {@code dir}, run to its end, with its checkpoint key
   * at {@code DIR/checkpoint-key.pem}, mode 600 (serve refuses a key its group or others may read).
   */
  static void scenarioLedger(Path dir, WorkedScenario s) throws Exception {
    try (CreditLedger ledger =
        CreditLedger.create(dir, s.checkpointSigner(), s.genesis(), JournalOptions.DEFAULT)) {
      s.run(ledger, line -> {});
    }
    Path key = dir.resolve(LedgerOptions.CHECKPOINT_KEY_FILE);
    Files.writeString(key, s.checkpointKey().toPem());
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
  }

  /**
   * Starts {@code ledger serve --data DIR --port 0 --tokens TOKENS --threads N} and waits for the
   * line with its address; its stderr (the log) goes to {@code stderr}. The native library is
   * unpacked once into {@code tmp/native}: a killed JVM cannot delete its own copy.
   */
  static ServeProcess start(Path tmp, Path dir, Path tokens, int threads, Path stderr)
      throws IOException {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-Xmx128m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                "-Djava.io.tmpdir=" + tmp,
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "serve",
                "--data",
                dir.toString(),
                "--port",
                "0",
                "--tokens",
                tokens.toString(),
                "--threads",
                Integer.toString(threads))
            .redirectError(stderr.toFile());
    Path lib = Files.createDirectories(tmp.resolve("native"));
    pb.environment().put("ROCKSDB_SHAREDLIB_DIR", lib.toString());
    Process p = pb.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      Matcher m = SERVING.matcher(line);
      if (m.find()) {
        return new ServeProcess(p, URI.create(m.group(1)), stderr);
      }
    }
    p.destroyForcibly();
    throw new AssertionError(
        "ledger serve stopped before serving; its stderr: " + Files.readString(stderr));
  }
}
