package org.creditbank.ledger.note;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.creditbank.ledger.Vectors;
import org.creditbank.ledger.util.Hash;
import org.creditbank.ledger.util.Hex;
import org.junit.jupiter.api.Test;

class NoteVectorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode examples() throws IOException {
    return JSON.readTree(Files.readString(Vectors.path("note/signed_note_examples.json")));
  }

  private static List<NoteVerifier> verifiers(JsonNode c) throws NoteFormatException {
    List<NoteVerifier> out = new ArrayList<>();
    if (c.has("verifierKey")) {
      out.add(NoteVerifier.parse(c.get("verifierKey").asText()));
    }
    if (c.has("verifierKeys")) {
      for (JsonNode k : c.get("verifierKeys")) {
        out.add(NoteVerifier.parse(k.asText()));
      }
    }
    return out;
  }

  private static List<String> names(List<NoteSignature> sigs) {
    List<String> out = new ArrayList<>();
    sigs.forEach(s -> out.add(s.name()));
    return out;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      array.forEach(n -> out.add(n.asText()));
    }
    return out;
  }

  @Test
  void verifiable_allExamples_verifyAndRoundTrip() throws Exception {
    List<String> failures = new ArrayList<>();
    int count = 0;
    int resigned = 0;
    for (JsonNode c : examples().get("verifiable")) {
      count++;
      String id = c.get("id").asText();
      byte[] bytes = c.get("note").asText().getBytes(StandardCharsets.UTF_8);
      try {
        SignedNote note = SignedNote.parse(bytes);
        if (!Arrays.equals(bytes, note.toBytes())) {
          failures.add(id + ": re-serialization differs");
        }
        if (!note.text().equals(c.get("text").asText())) {
          failures.add(id + ": text " + note.text());
        }
        VerifiedNote v = note.verify(verifiers(c));
        if (!names(v.verified()).equals(texts(c.get("expectVerified")))) {
          failures.add(id + ": verified " + names(v.verified()));
        }
        if (!names(v.unverified()).equals(texts(c.get("expectUnverified")))) {
          failures.add(id + ": unverified " + names(v.unverified()));
        }
        if (c.has("privateKey")) {
          resigned++;
          NoteSigner signer = NoteSigner.fromSignerKey(c.get("privateKey").asText());
          if (!signer.toVerifierKey().equals(c.get("verifierKey").asText())) {
            failures.add(id + ": signer's verifier key " + signer.toVerifierKey());
          }
          byte[] again = SignedNote.sign(note.text(), signer).toBytes();
          if (!Arrays.equals(bytes, again)) {
            failures.add(
                id + ": re-signed note differs: " + new String(again, StandardCharsets.UTF_8));
          }
        }
      } catch (NoteException e) {
        failures.add(id + ": " + e.getMessage());
      }
    }
    assertEquals(4, count);
    assertEquals(1, resigned);
    assertEquals(List.of(), failures);
  }

  @Test
  void rejected_allExamples_rejectedForTheirReason() throws Exception {
    List<String> failures = new ArrayList<>();
    int count = 0;
    for (JsonNode c : examples().get("rejected")) {
      count++;
      String id = c.get("id").asText();
      byte[] bytes =
          c.has("noteHex")
              ? Hex.decode(c.get("noteHex").asText())
              : c.get("note").asText().getBytes(StandardCharsets.UTF_8);
      String reason = c.get("reason").asText();
      try {
        VerifiedNote v = SignedNote.open(bytes, verifiers(c).toArray(new NoteVerifier[0]));
        failures.add(id + ": accepted, verified by " + names(v.verified()));
      } catch (NoteFormatException e) {
        if (!reason.equals("malformed note")) {
          failures.add(id + ": want \"" + reason + "\", got format error " + e.getMessage());
        }
      } catch (NoteVerificationException e) {
        // The vectors' reasons are Go's messages; ours may add after a colon which keys signed.
        if (!reason.equals(e.getMessage()) && !e.getMessage().startsWith(reason + ": ")) {
          failures.add(id + ": want \"" + reason + "\", got " + e.getMessage());
        }
      }
    }
    assertEquals(10, count);
    assertEquals(List.of(), failures);
  }

  @Test
  void badVerifierKeys_allExamples_refusedWithPreciseMessage() throws Exception {
    List<String> want =
        List.of(
            "verifier key: want a 32-byte Ed25519 public key after the type byte, got 36 bytes",
            "verifier key: want signature type 0x01 (Ed25519), got 0x65",
            "verifier key: want key ID c74f20a3 (SHA-256 of name and key), got c74f20a4",
            "verifier key: want 3 '+'-separated fields <name>+<key ID>+<key>, got 2",
            "verifier key: want a key ID of 8 hex digits, got \"Neumann\"");
    List<String> failures = new ArrayList<>();
    int count = 0;
    for (JsonNode c : examples().get("badVerifierKeys")) {
      String key = c.get("key").asText();
      try {
        NoteVerifier v = NoteVerifier.parse(key);
        failures.add(key + ": accepted as " + v);
      } catch (NoteFormatException e) {
        if (!e.getMessage().equals(want.get(count))) {
          failures.add(key + ": " + e.getMessage());
        }
      }
      count++;
    }
    assertEquals(5, count);
    assertEquals(List.of(), failures);
  }

  @Test
  void parseOnly_allExamples_parseAsDescribed() throws Exception {
    List<String> failures = new ArrayList<>();
    int count = 0;
    int notes = 0;
    int checkpoints = 0;
    for (JsonNode c : examples().get("parseOnly")) {
      count++;
      String id = c.get("id").asText();
      try {
        String text;
        if (c.has("note")) {
          notes++;
          byte[] bytes = c.get("note").asText().getBytes(StandardCharsets.UTF_8);
          SignedNote note = SignedNote.parse(bytes);
          if (!Arrays.equals(bytes, note.toBytes())) {
            failures.add(id + ": re-serialization differs");
          }
          List<String> got = new ArrayList<>();
          note.signatures()
              .forEach(s -> got.add(s.name() + "/" + s.keyIdHex() + "/" + s.signature().size()));
          List<String> wantSigs = new ArrayList<>();
          c.get("signatures")
              .forEach(
                  s ->
                      wantSigs.add(
                          s.get("name").asText()
                              + "/"
                              + s.get("keyIdHex").asText()
                              + "/"
                              + s.get("signatureLength").asInt()));
          if (!got.equals(wantSigs)) {
            failures.add(id + ": signatures " + got);
          }
          text = note.text();
          if (c.has("text") && !text.equals(c.get("text").asText())) {
            failures.add(id + ": text " + text);
          }
        } else {
          text = c.get("text").asText();
        }
        if (c.has("checkpoint")) {
          checkpoints++;
          JsonNode w = c.get("checkpoint");
          Checkpoint cp = Checkpoint.parse(text);
          Checkpoint want =
              new Checkpoint(
                  w.get("origin").asText(),
                  w.get("size").asLong(),
                  Hash.fromBase64(w.get("rootHashB64").asText()),
                  texts(w.get("extensions")));
          if (!cp.equals(want)) {
            failures.add(id + ": checkpoint " + cp);
          }
          if (!cp.toText().equals(text)) {
            failures.add(id + ": checkpoint text " + cp.toText());
          }
        }
      } catch (NoteException e) {
        failures.add(id + ": " + e.getMessage());
      }
    }
    assertEquals(4, count);
    assertEquals(3, notes);
    assertEquals(3, checkpoints);
    assertEquals(List.of(), failures);
  }

  @Test
  void rawFiles_allFour_parseAndReserializeIdentically() throws Exception {
    List<String> files =
        List.of(
            "note/c2sp-example.note",
            "note/peter-neumann.note",
            "note/c2sp-behind-the-sofa.checkpoint",
            "note/tessera-checkpoint-15.checkpoint");
    List<String> failures = new ArrayList<>();
    for (String f : files) {
      byte[] bytes = Files.readAllBytes(Vectors.path(f));
      SignedNote note = SignedNote.parse(bytes);
      if (!Arrays.equals(bytes, note.toBytes())) {
        failures.add(f);
      }
      if (f.endsWith(".checkpoint")) {
        Checkpoint cp = Checkpoint.parse(note.text());
        if (!cp.toText().equals(note.text())) {
          failures.add(f + ": checkpoint text");
        }
      }
    }
    assertEquals(4, files.size());
    assertEquals(List.of(), failures);
    SignedNote.open(
        Files.readAllBytes(Vectors.path("note/c2sp-example.note")),
        NoteVerifier.parse(
            "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"));
    SignedNote.open(
        Files.readAllBytes(Vectors.path("note/peter-neumann.note")),
        NoteVerifier.parse("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"));
    SignedNote.open(
        Files.readAllBytes(Vectors.path("note/tessera-checkpoint-15.checkpoint")),
        NoteVerifier.parse(
            "example.com/log/testdata+33d7b496+AeHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkSx"));
  }

  /** RFC 6962 §2.1 Merkle tree hash, naive and recursive, as a reference in test code only. */
  static Hash mth(List<byte[]> leaves, int from, int to) {
    int n = to - from;
    if (n == 0) {
      return Hash.sha256();
    }
    if (n == 1) {
      return Hash.sha256(new byte[] {0}, leaves.get(from));
    }
    int k = Integer.highestOneBit(n - 1);
    return Hash.sha256(
        new byte[] {1},
        mth(leaves, from, from + k).toByteArray(),
        mth(leaves, from + k, to).toByteArray());
  }

  @Test
  void tessera_all16Checkpoints_verifyResignAndMatchMerkleRoot() throws Exception {
    JsonNode root = JSON.readTree(Files.readString(Vectors.path("note/tessera_testdata_log.json")));
    NoteVerifier verifier = NoteVerifier.parse(root.get("verifierKey").asText());
    NoteSigner signer = NoteSigner.fromSignerKey(root.get("privateKey").asText());
    assertEquals(verifier, signer.verifier());
    String origin = root.get("origin").asText();
    List<byte[]> leaves = new ArrayList<>();
    root.get("leaves").forEach(l -> leaves.add(l.asText().getBytes(StandardCharsets.UTF_8)));
    assertEquals(15, leaves.size());

    List<String> failures = new ArrayList<>();
    int tile = 0;
    for (JsonNode h : root.get("level0TileHashes")) {
      Hash want = Hash.fromHex(h.asText());
      if (!want.equals(mth(leaves, tile, tile + 1))) {
        failures.add("leaf hash " + tile);
      }
      tile++;
    }
    int count = 0;
    for (JsonNode c : root.get("checkpoints")) {
      int n = count++;
      byte[] bytes = c.asText().getBytes(StandardCharsets.UTF_8);
      try {
        VerifiedNote v = SignedNote.open(bytes, verifier);
        Checkpoint cp = Checkpoint.parse(v.text());
        if (!cp.origin().equals(origin) || cp.size() != n || !cp.extensions().isEmpty()) {
          failures.add(String.format(Locale.ROOT, "checkpoint %d: %s", n, cp));
        }
        if (!cp.root().equals(mth(leaves, 0, n))) {
          failures.add(String.format(Locale.ROOT, "checkpoint %d: root %s", n, cp.root()));
        }
        byte[] again = SignedNote.sign(cp.toText(), signer).toBytes();
        if (!Arrays.equals(bytes, again)) {
          failures.add(String.format(Locale.ROOT, "checkpoint %d: re-signed note differs", n));
        }
      } catch (NoteException e) {
        failures.add(String.format(Locale.ROOT, "checkpoint %d: %s", n, e.getMessage()));
      }
    }
    assertEquals(15, tile);
    assertEquals(16, count);
    assertEquals(List.of(), failures);
    assertArrayEquals(
        Hash.fromBase64("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=").toByteArray(),
        mth(leaves, 0, 0).toByteArray());
  }
}
