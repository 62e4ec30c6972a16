package org.creditbank.ledger.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.creditbank.ledger.json.JsonFormatException;
import org.creditbank.ledger.json.JsonLimits;
import org.creditbank.ledger.json.StrictJson;
import org.creditbank.ledger.note.Checkpoint;
import org.creditbank.ledger.note.NoteFormatException;
import org.creditbank.ledger.note.SignedNote;
import org.creditbank.ledger.util.Hash;

/**
 * What a backup holds: the file {@code manifest.json} in the backup directory, written last, so a
 * directory without it is an unfinished backup.
 *
 * <p>JSON: {@code {"format": "creditbank-ledger-backup/1", "origin", "size", "root" (base64),
 * "checkpoint" (the signed note of the head, as text), "created" (RFC 3339 UTC), "files": [{"path",
 * "bytes", "sha256" (hex)}, ...]}}. The checkpoint is the one the ledger signed for the copied head
 * (before the copy was taken); origin, size and root repeat what it says, for people reading the
 * file. The paths are relative to the backup directory: {@code checkpoint-key.pem} and the files of
 * the copied RocksDB database under {@code db/}.
 *
 * @param origin the ledger's origin
 * @param size the number of entries in the backup
 * @param root the Merkle root of those entries
 * @param checkpoint the signed checkpoint of the backup's head
 * @param created when the backup was taken, to the second
 * @param files every file of the backup but the manifest, in path order
 */
public record BackupManifest(
    String origin,
    long size,
    Hash root,
    SignedNote checkpoint,
    Instant created,
    List<BackupManifest.FileEntry> files) {
  /** The value of {@code "format"}: this layout, version 1. */
  public static final String FORMAT = "creditbank-ledger-backup/1";

  /** The manifest's file name in the backup directory. */
  public static final String FILE_NAME = "manifest.json";

  /** The checkpoint key's file name in the backup directory, and in a restored ledger. */
  public static final String KEY_FILE = "checkpoint-key.pem";

  /** The directory of the copied database in the backup directory. */
  public static final String DB_DIR = "db";

  /** The most bytes a manifest may have (some 100 000 files). */
  public static final int MAX_BYTES = 16 << 20;

  private static final Pattern DB_FILE = Pattern.compile("db/[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Set<String> MEMBERS =
      Set.of("format", "origin", "size", "root", "checkpoint", "created", "files");
  private static final Set<String> FILE_MEMBERS = Set.of("path", "bytes", "sha256");
  private static final ObjectMapper PRETTY =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /**
   * One file of a backup.
   *
   * @param path {@code checkpoint-key.pem}, {@code checkpoint-key.next.pem}, {@code
   *     checkpoint-key.retired-<key ID>.pem} (see {@link CheckpointKeyFiles}) or {@code db/NAME},
   *     NAME of letters, digits, {@code .}, {@code _} and {@code -}: never a path out of the backup
   *     directory
   * @param bytes its length
   * @param sha256 the SHA-256 of its content
   */
  public record FileEntry(String path, long bytes, Hash sha256) {
    /**
     * Checks the fields.
     *
     * @param path the relative path
     * @param bytes its length
     * @param sha256 the SHA-256 of its content
     * @throws IllegalArgumentException if the path is not one a backup holds, or bytes is negative
     */
    public FileEntry {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(sha256, "sha256");
      // A db/ file named like a key would land beside the restored key and pass for one.
      if (!isKeyFile(path)
          && !(DB_FILE.matcher(path).matches()
              && !isKeyFile(path.substring(DB_DIR.length() + 1)))) {
        throw new IllegalArgumentException(
            "want a file path "
                + KEY_FILE
                + ", its next or retired key file, or db/NAME, got \""
                + path
                + "\"");
      }
      if (bytes < 0) {
        throw new IllegalArgumentException("want bytes >= 0, got " + bytes);
      }
    }
  }

  /**
   * Whether a path in a backup is a checkpoint key file: the current key, the next key or a retired
   * key, named as {@link CheckpointKeyFiles} names them beside {@link #KEY_FILE}.
   *
   * @param path a path relative to the backup directory
   * @return true for a key file
   */
  public static boolean isKeyFile(String path) {
    return CheckpointKeyFiles.isKeyFileName(KEY_FILE, path);
  }

  /**
   * Checks the fields and copies the list.
   *
   * @param origin the ledger's origin
   * @param size the number of entries
   * @param root the Merkle root
   * @param checkpoint the signed checkpoint of the head
   * @param created when the backup was taken
   * @param files the files
   * @throws IllegalArgumentException if the size is negative, a path repeats, or there is no key
   *     file
   */
  public BackupManifest {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(created, "created");
    files = List.copyOf(files);
    created = created.truncatedTo(ChronoUnit.SECONDS);
    if (size < 0) {
      throw new IllegalArgumentException("want size >= 0, got " + size);
    }
    if (files.stream().map(FileEntry::path).distinct().count() != files.size()) {
      throw new IllegalArgumentException("a file is listed twice");
    }
    if (files.stream().noneMatch(f -> f.path().equals(KEY_FILE))) {
      throw new IllegalArgumentException("want " + KEY_FILE + " among the files, got none");
    }
  }

  /**
   * Returns the total length of the files.
   *
   * @return bytes
   */
  public long totalBytes() {
    return files.stream().mapToLong(FileEntry::bytes).sum();
  }

  /**
   * Returns what an operator reads of a backup: the manifest without its file list, which it counts
   * instead.
   *
   * @return {@code {"origin", "size", "root", "checkpoint", "created", "files" (a count), "bytes"
   *     (their total)}}
   */
  public ObjectNode summary() {
    ObjectNode o = F.objectNode();
    o.put("origin", origin);
    o.put("size", size);
    o.put("root", root.toBase64());
    o.put("checkpoint", new String(checkpoint.toBytes(), StandardCharsets.UTF_8));
    o.put("created", created.toString());
    o.put("files", files.size());
    o.put("bytes", totalBytes());
    return o;
  }

  /**
   * Returns the manifest as indented UTF-8 JSON with a final newline.
   *
   * @return the bytes of {@code manifest.json}
   */
  public byte[] toJson() {
    ObjectNode o = F.objectNode();
    o.put("format", FORMAT);
    o.put("origin", origin);
    o.put("size", size);
    o.put("root", root.toBase64());
    o.put("checkpoint", new String(checkpoint.toBytes(), StandardCharsets.UTF_8));
    o.put("created", created.toString());
    ArrayNode a = o.putArray("files");
    for (FileEntry f : files) {
      a.addObject().put("path", f.path()).put("bytes", f.bytes()).put("sha256", f.sha256().toHex());
    }
    try {
      return (PRETTY.writeValueAsString(o) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree: " + e, e);
    }
  }

  /**
   * Parses a manifest strictly and checks that its checkpoint says its origin, size and root. The
   * checkpoint's signature is not checked here (that needs the operator's key).
   *
   * @param json the bytes of {@code manifest.json}
   * @return the manifest
   * @throws BackupException naming the member that is missing, unknown or wrong
   */
  public static BackupManifest parse(byte[] json) throws BackupException {
    JsonNode o;
    try {
      o = new StrictJson(new JsonLimits(MAX_BYTES, 8)).parse(json);
    } catch (JsonFormatException e) {
      throw new BackupException("the manifest is not valid JSON: " + e.getMessage(), e);
    }
    if (!o.isObject()) {
      throw new BackupException("want the manifest to be a JSON object, got " + o.getNodeType());
    }
    members(o, MEMBERS, "");
    String format = text(o, "format");
    if (!format.equals(FORMAT)) {
      throw new BackupException(
          "want manifest format " + FORMAT + ", got \"" + format + "\": not a backup of this kind");
    }
    try {
      SignedNote note = SignedNote.parse(text(o, "checkpoint").getBytes(StandardCharsets.UTF_8));
      Checkpoint cp = Checkpoint.parse(note.text());
      String origin = text(o, "origin");
      long size = number(o, "size");
      Hash root = Hash.fromBase64(text(o, "root"));
      if (!cp.origin().equals(origin) || cp.size() != size || !cp.root().equals(root)) {
        throw new BackupException(
            String.format(
                Locale.ROOT,
                "the manifest says origin %s size %d root %s, but its checkpoint says %s %d %s",
                origin,
                size,
                root.toBase64(),
                cp.origin(),
                cp.size(),
                cp.root().toBase64()));
      }
      List<FileEntry> files = new ArrayList<>();
      JsonNode list = o.get("files");
      if (!list.isArray()) {
        throw new BackupException("want /files to be an array, got " + list.getNodeType());
      }
      for (int i = 0; i < list.size(); i++) {
        JsonNode f = list.get(i);
        String at = "/files/" + i;
        if (!f.isObject()) {
          throw new BackupException("want " + at + " to be an object, got " + f.getNodeType());
        }
        members(f, FILE_MEMBERS, at);
        files.add(
            new FileEntry(text(f, "path"), number(f, "bytes"), Hash.fromHex(text(f, "sha256"))));
      }
      return new BackupManifest(origin, size, root, note, Instant.parse(text(o, "created")), files);
    } catch (NoteFormatException e) {
      throw new BackupException("the manifest's checkpoint is malformed: " + e.getMessage(), e);
    } catch (DateTimeParseException e) {
      throw new BackupException("want /created as an RFC 3339 UTC time: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new BackupException("the manifest is wrong: " + e.getMessage(), e);
    }
  }

  private static void members(JsonNode o, Set<String> want, String at) throws BackupException {
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!want.contains(name)) {
        throw new BackupException("unknown member " + at + "/" + name + " in the manifest");
      }
    }
    for (String name : want) {
      if (!o.has(name)) {
        throw new BackupException("want member " + at + "/" + name + " in the manifest, got none");
      }
    }
  }

  private static String text(JsonNode o, String name) throws BackupException {
    JsonNode v = o.get(name);
    if (!v.isTextual()) {
      throw new BackupException("want /" + name + " to be a string, got " + v.getNodeType());
    }
    return v.asText();
  }

  private static long number(JsonNode o, String name) throws BackupException {
    JsonNode v = o.get(name);
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
      throw new BackupException("want /" + name + " to be an integer >= 0, got " + v);
    }
    return v.asLong();
  }
}
