package org.creditbank.ledger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.cli.CliWorld.Run;
import org.creditbank.ledger.note.NoteSignature;
import org.creditbank.ledger.note.SignedNote;
import org.creditbank.ledger.server.LedgerServer;
import org.creditbank.ledger.server.ServerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint key: its permissions checked by every command that loads it, and a rotation end to
 * end through {@code ledger checkpoint-key rotate} and {@code promote}, with a server restarted in
 * between (about 15 s in all).
 */
class CheckpointKeyCommandsTest {
  static final String AUDITOR = "auditor-token-00000000001";
  static final String COLLEGE = "college-token-00000000001";

  @TempDir Path tmp;

  private CliWorld w;
  private Path key;
  private CreditLedger ledger;
  private LedgerServer server;

  @BeforeEach
  void setUp() throws Exception {
    w = new CliWorld(tmp).setUp();
    key = w.data.resolve(LedgerOptions.CHECKPOINT_KEY_FILE);
    Files.writeString(
        tmp.resolve("tokens"), AUDITOR + " auditor\n" + COLLEGE + " institution NURSE-VC\n");
  }

  @AfterEach
  void tearDown() {
    stop();
  }

  /** Starts a server the way {@code ledger serve} does: the ledger opened by its options. */
  private String start() throws Exception {
    LedgerOptions o = new LedgerOptions();
    o.data = w.data;
    ledger = o.open();
    server =
        LedgerServer.start(
            ledger,
            ServerOptions.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .withTokens(tmp.resolve("tokens")));
    return server.uri().toString();
  }

  private void stop() {
    if (server != null) {
      server.close();
      ledger.close();
      server = null;
    }
  }

  private static boolean posix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private static List<NoteSignature> signatures(String checkpoint) throws Exception {
    return SignedNote.parse(checkpoint.getBytes(StandardCharsets.UTF_8)).signatures();
  }

  /** The line after {@code prefix} in the output. */
  private static String after(String out, String prefix) {
    for (String line : out.split("\n", -1)) {
      if (line.startsWith(prefix)) {
        return line.substring(prefix.length()).strip();
      }
    }
    throw new AssertionError("no line " + prefix + " in\n" + out);
  }

  /** The key ID field of a verifier key {@code <name>+<key ID>+<key>}. */
  private static String keyId(String verifierKey) {
    int i = verifierKey.indexOf('+');
    return verifierKey.substring(i + 1, verifierKey.indexOf('+', i + 1));
  }

  /** The arguments with {@code --data DIR} replaced by {@code --server URL --token TOKEN}. */
  private static String[] remote(String url, String token, String... args) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--data")) {
        i++;
        out.addAll(List.of("--server", url, "--token", token));
      } else {
        out.add(args[i]);
      }
    }
    return out.toArray(new String[0]);
  }

  private static String[] args(String... a) {
    return a;
  }

  // ---------------------------------------------------------------- permissions

  @Test
  void anyCommand_keyReadableByGroupOrOthers_refusedWithModeAndChmod() throws Exception {
    assumeTrue(posix(key), "the file system has POSIX permissions");
    assertEquals("rw-------", mode(key));
    CliWorld.ok("info", "--data", w.data.toString());
    String d = w.data.toString();
    List<String[]> commands =
        List.of(
            args("info", "--data", d),
            args("checkpoint", "--data", d),
            args("serve", "--data", d, "--port", "0"),
            args("audit", "--data", d),
            args("checkpoint-key", "status", "--data", d),
            args("checkpoint-key", "rotate", "--data", d),
            w.issue("A-PERM-1", CliWorld.LEARNER));
    String[][] modes = {
      {"rw-r--r--", "644", "its group and others", "read"},
      {"rw-r-----", "640", "its group", "read"},
      {"rw----r--", "604", "others", "read"},
      {"rw--w----", "620", "its group", "access"}
    };
    List<String> wrong = new ArrayList<>();
    for (String[] m : modes) {
      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString(m[0]));
      // Every command for the two usual modes; one command for the rarer ones (it is one check).
      for (String[] c :
          m[1].equals("644") || m[1].equals("640") ? commands : commands.subList(0, 1)) {
        Run r = CliWorld.run(c);
        String want =
            "private key "
                + key
                + " has mode "
                + m[1]
                + ": "
                + m[2]
                + " may "
                + m[3]
                + " it; want mode 600 (only its owner may read it): run chmod 600 "
                + key;
        if (r.code() != ExitCodes.IO || !r.err().strip().endsWith(want)) {
          wrong.add(m[1] + " " + String.join(" ", c) + ": " + r.code() + " " + r.err());
        }
      }
    }
    assertEquals(List.of(), wrong);
    assertFalse(Files.exists(w.data.resolve("checkpoint-key.next.pem")));
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    CliWorld.ok(w.issue("A-PERM-1", CliWorld.LEARNER));
    // 400 is as good as 600: only the owner has any access.
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--------"));
    CliWorld.ok("info", "--data", d);
  }

  @Test
  void init_existingCheckpointKeyReadableByOthers_refused() throws Exception {
    Path k = tmp.resolve("cp.pem");
    CliWorld.ok("keygen", "--out", k.toString());
    assumeTrue(posix(k), "the file system has POSIX permissions");
    assertEquals("rw-------", mode(k));
    Files.setPosixFilePermissions(k, PosixFilePermissions.fromString("rw-r--r--"));
    Run r =
        CliWorld.run(
            "init",
            "--data",
            tmp.resolve("other").toString(),
            "--origin",
            "other.example/x",
            "--operator-id",
            "OP",
            "--operator-name",
            "Op",
            "--key",
            w.operatorKey.toString(),
            "--checkpoint-key",
            k.toString());
    assertEquals(ExitCodes.IO, r.code());
    assertEquals(
        "ledger init: private key "
            + k
            + " has mode 644: its group and others may read it; want mode 600 (only its owner may"
            + " read it): run chmod 600 "
            + k,
        r.err().strip());
    assertFalse(Files.exists(tmp.resolve("other")));
  }

  // ---------------------------------------------------------------- rotation

  @Test
  void rotation_endToEnd_eitherKeyVerifiesDuringTransition_newAloneAfterPromote() throws Exception {
    String d = w.data.toString();
    String oldKey = after(CliWorld.ok("info", "--data", d).out(), "verifier key:");
    CliWorld.ok(w.issue("A-BEFORE", CliWorld.LEARNER));
    Path bundleBefore = tmp.resolve("before.json");
    CliWorld.ok(
        "export", "--data", d, "--learner", CliWorld.LEARNER, "--out", bundleBefore.toString());

    // rotate: a next key, mode 600, that co-signs the latest checkpoint at once.
    Run rot = CliWorld.ok("checkpoint-key", "rotate", "--data", d);
    Path next = w.data.resolve("checkpoint-key.next.pem");
    String newKey = after(rot.out(), "next verifier key (publish it beside the current one):");
    assertTrue(rot.out().startsWith("wrote the next checkpoint key to " + next), rot.out());
    assertEquals(oldKey, after(rot.out(), "current verifier key:"));
    if (posix(next)) {
      assertEquals("rw-------", mode(next));
    }
    assertEquals(2, signatures(CliWorld.ok("checkpoint", "--data", d).out()).size());
    Run again = CliWorld.run("checkpoint-key", "rotate", "--data", d);
    assertEquals(ExitCodes.USAGE, again.code());
    assertEquals(
        "ledger checkpoint-key rotate: a rotation is already under way (the next key is "
            + next
            + "); finish it with ledger checkpoint-key promote",
        again.err().strip());
    Run info = CliWorld.ok("info", "--data", d);
    assertEquals(oldKey, after(info.out(), "verifier key:"));
    assertTrue(
        info.out().contains("next key:      " + newKey + " (rotation under way"), info.out());

    // A server started now signs with both; so does one restarted.
    String url = start();
    CliWorld.ok(remote(url, COLLEGE, w.issue("A-DURING-1", CliWorld.LEARNER)));
    assertEquals(2, signatures(CliWorld.ok("checkpoint", "--server", url).out()).size());
    stop();
    url = start();
    assertEquals(2, signatures(CliWorld.ok("checkpoint", "--server", url).out()).size());
    Path during = tmp.resolve("during.json");
    CliWorld.ok(
        "export",
        "--server",
        url,
        "--token",
        AUDITOR,
        "--learner",
        CliWorld.LEARNER,
        "--out",
        during.toString());
    for (String[] keys :
        List.of(
            args("--verifier-key", oldKey),
            args("--verifier-key", newKey),
            args("--verifier-key", oldKey, "--verifier-key", newKey))) {
      List<String> a = new ArrayList<>(List.of("verify", during.toString()));
      a.addAll(List.of(keys));
      CliWorld.ok(a.toArray(new String[0]));
      a.addAll(List.of("--server", url));
      CliWorld.ok(a.toArray(new String[0]));
    }
    // Only the new key: a bundle from before the rotation does not verify, one from the
    // transition does; the live check accepts the server's co-signed checkpoint.
    Run oldBundle = CliWorld.run("verify", bundleBefore.toString(), "--verifier-key", newKey);
    assertEquals(ExitCodes.VERIFICATION_FAILED, oldBundle.code(), oldBundle.out());
    CliWorld.ok(
        "audit",
        "--server",
        url,
        "--token",
        AUDITOR,
        "--verifier-key",
        oldKey,
        "--verifier-key",
        newKey);

    // An auditor saves the co-signed checkpoint for a later --since.
    Path saved = tmp.resolve("saved.cp");
    CliWorld.ok(
        "audit", "--data", d, "--verifier-key", oldKey, "--save-checkpoint", saved.toString());

    // promote while the server runs: its latest checkpoint is co-signed already.
    Run prom = CliWorld.ok("checkpoint-key", "promote", "--data", d);
    String oldId = keyId(oldKey);
    Path retired = w.data.resolve("checkpoint-key.retired-" + oldId + ".pem");
    assertTrue(prom.out().contains("retired " + oldKey + " to " + retired), prom.out());
    assertTrue(prom.out().contains("promoted: " + newKey + " now signs alone"), prom.out());
    assertFalse(Files.exists(next));
    assertTrue(Files.exists(retired));
    if (posix(retired)) {
      assertEquals("rw-------", mode(retired));
      assertEquals("rw-------", mode(key));
    }
    stop();

    // After promote only the new key signs.
    CliWorld.ok(w.issue("A-AFTER-1", CliWorld.LEARNER));
    List<NoteSignature> after = signatures(CliWorld.ok("checkpoint", "--data", d).out());
    assertEquals(1, after.size());
    assertEquals(keyId(newKey), after.get(0).keyIdHex());
    Run info2 = CliWorld.ok("info", "--data", d);
    assertEquals(newKey, after(info2.out(), "verifier key:"));
    assertFalse(info2.out().contains("next key:"), info2.out());
    Path afterBundle = tmp.resolve("after.json");
    CliWorld.ok(
        "export", "--data", d, "--learner", CliWorld.LEARNER, "--out", afterBundle.toString());
    CliWorld.ok("verify", afterBundle.toString(), "--verifier-key", newKey);
    Run oldOnly = CliWorld.run("verify", afterBundle.toString(), "--verifier-key", oldKey);
    assertEquals(ExitCodes.VERIFICATION_FAILED, oldOnly.code(), oldOnly.out());
    assertTrue(oldOnly.out().contains("note has no verifiable signatures"), oldOnly.out());

    // The audit over the whole history needs both keys; the default takes the retired one too.
    CliWorld.ok("audit", "--data", d, "--verifier-key", oldKey, "--verifier-key", newKey);
    Run since =
        CliWorld.ok(
            "audit",
            "--data",
            d,
            "--verifier-key",
            oldKey,
            "--verifier-key",
            newKey,
            "--since",
            saved.toString());
    assertTrue(
        since.out().contains("the ledger extends the saved checkpoint of size"), since.out());
    Run def = CliWorld.ok("audit", "--data", d);
    assertTrue(
        def.err().contains("checking against the ledger's own keys beside " + key), def.err());
    Run newOnly = CliWorld.run("audit", "--data", d, "--verifier-key", newKey);
    assertEquals(ExitCodes.VERIFICATION_FAILED, newOnly.code());
    assertTrue(
        newOnly
            .err()
            .startsWith(
                "ledger audit: FAILED at checkpoint at size 0: note has no verifiable signatures"),
        newOnly.err());
    Run status = CliWorld.ok("checkpoint-key", "status", "--data", d);
    assertTrue(status.out().contains("retired key:   " + retired), status.out());
    assertTrue(status.out().contains("next key:      none"), status.out());
    assertTrue(
        status.out().contains("latest checkpoint signed by key ID: " + after.get(0).keyIdHex()),
        status.out());
  }

  @Test
  void rotate_whileServed_coSignsFromRestart_promoteWaitsForIt() throws Exception {
    String d = w.data.toString();
    String url = start();
    Run rot = CliWorld.ok("checkpoint-key", "rotate", "--data", d);
    assertTrue(
        rot.out()
            .contains(
                "the ledger is open elsewhere (ledger serve?): restart it; from its next start"
                    + " every checkpoint carries both signatures"),
        rot.out());
    // The running server still signs with the old key alone, so promote must wait.
    assertEquals(1, signatures(CliWorld.ok("checkpoint", "--server", url).out()).size());
    Run early = CliWorld.run("checkpoint-key", "promote", "--data", d);
    assertEquals(ExitCodes.IO, early.code());
    assertEquals(
        "ledger checkpoint-key promote: the latest checkpoint is not signed by the next key yet"
            + " and the ledger is open elsewhere (ledger serve?): restart it, so that it"
            + " co-signs, and promote again",
        early.err().strip());
    assertTrue(Files.exists(key));
    stop();
    url = start();
    assertEquals(2, signatures(CliWorld.ok("checkpoint", "--server", url).out()).size());
    CliWorld.ok("checkpoint-key", "promote", "--data", d);
    stop();
    CliWorld.ok(w.issue("A-AFTER-2", CliWorld.LEARNER));
    assertEquals(1, signatures(CliWorld.ok("checkpoint", "--data", d).out()).size());
  }

  @Test
  void promote_noRotation_refused() {
    Run r = CliWorld.run("checkpoint-key", "promote", "--data", w.data.toString());
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals(
        "ledger checkpoint-key promote: no rotation under way: "
            + w.data.resolve("checkpoint-key.next.pem")
            + " does not exist; begin one with ledger checkpoint-key rotate",
        r.err().strip());
  }

  @Test
  void promote_interruptedAfterRetiring_commandsSayHowAndPromoteFinishes() throws Exception {
    String d = w.data.toString();
    String newKey =
        after(
            CliWorld.ok("checkpoint-key", "rotate", "--data", d).out(),
            "next verifier key (publish it beside the current one):");
    // As if promote stopped between its two renames.
    Files.move(key, w.data.resolve("checkpoint-key.retired-00000000.pem"));
    Run r = CliWorld.run("info", "--data", d);
    assertEquals(ExitCodes.IO, r.code());
    assertEquals(
        "ledger info: cannot read "
            + key
            + ": no such file, but "
            + w.data.resolve("checkpoint-key.next.pem")
            + " exists: a promote was interrupted; finish it with ledger checkpoint-key promote",
        r.err().strip());
    CliWorld.ok("checkpoint-key", "promote", "--data", d);
    assertEquals(newKey, after(CliWorld.ok("info", "--data", d).out(), "verifier key:"));
  }
}
