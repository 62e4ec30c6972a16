package org.creditbank.ledger.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.creditbank.ledger.util.Hash;
import org.creditbank.ledger.util.IoErrors;

/**
 * The bearer tokens the server accepts, each kept only as its SHA-256 hash.
 *
 * <p>The file format, one token a line: {@code TOKEN ROLE [SUBJECT]}, separated by spaces or tabs;
 * {@code ROLE} is {@code operator}, {@code auditor}, {@code institution ID} or {@code learner ID};
 * blank lines and lines starting with {@code #} are ignored. A token is {@value #MIN_LENGTH} to
 * {@value #MAX_LENGTH} characters of the RFC 6750 {@code b64token} alphabet ({@code A-Z a-z 0-9 - .
 * _ ~ + / =}). The least length is that of 128 random bits in base64 ({@code openssl rand -base64
 * 16} gives 24 characters, {@code openssl rand -hex 16} 32): the server cannot measure a token's
 * randomness, but it can refuse one too short to hold enough of it.
 *
 * <p>A lookup hashes the presented token and compares it with every stored hash in constant time
 * ({@link MessageDigest#isEqual}), so neither the hash nor the position of a match shows in the
 * time taken.
 */
final class Tokens {
  /** The shortest token: 128 bits in base64 without padding. */
  static final int MIN_LENGTH = 22;

  /** The longest token. */
  static final int MAX_LENGTH = 512;

  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/=-]+");

  private record Entry(Hash hash, Principal principal) {}

  /** No tokens: every protected route answers 401. */
  static final Tokens NONE = new Tokens(List.of());

  private final List<Entry> entries;

  private Tokens(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** Reads a tokens file. */
  static Tokens load(Path file) throws TokenFileException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new TokenFileException(
          "cannot read the tokens file " + file + ": " + IoErrors.reason(e), e);
    }
    return parse(lines, file.toString());
  }

  /** Parses the lines of a tokens file; {@code source} names it in messages. */
  static Tokens parse(List<String> lines, String source) throws TokenFileException {
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = String.format(Locale.ROOT, "%s line %d", source, i + 1);
      String[] f = line.split("[ \t]+", -1);
      if (!TOKEN.matcher(f[0]).matches()) {
        throw new TokenFileException(
            where
                + ": want a token of the characters A-Z a-z 0-9 - . _ ~ + / =, got one with"
                + " another character");
      }
      if (f[0].length() < MIN_LENGTH || f[0].length() > MAX_LENGTH) {
        throw new TokenFileException(
            String.format(
                Locale.ROOT,
                "%s: want a token of %d to %d characters (%d hold 128 random bits in base64:"
                    + " openssl rand -hex 16), got one of %d",
                where,
                MIN_LENGTH,
                MAX_LENGTH,
                MIN_LENGTH,
                f[0].length()));
      }
      if (f.length < 2) {
        throw new TokenFileException(where + ": want TOKEN ROLE [SUBJECT], got a token alone");
      }
      Role role =
          Role.fromWire(f[1])
              .orElseThrow(
                  () ->
                      new TokenFileException(
                          where
                              + ": want role operator, auditor, institution or learner, got "
                              + f[1]));
      int want = role.hasSubject() ? 3 : 2;
      if (f.length != want) {
        throw new TokenFileException(
            String.format(
                Locale.ROOT,
                "%s: want %d fields for role %s, got %d",
                where,
                want,
                role.wireName(),
                f.length));
      }
      Hash hash = hash(f[0]);
      for (Entry e : entries) {
        if (e.hash().equals(hash)) {
          throw new TokenFileException(where + ": want each token once, got a repeated token");
        }
      }
      entries.add(
          new Entry(
              hash, new Principal(role, role.hasSubject() ? Optional.of(f[2]) : Optional.empty())));
    }
    return new Tokens(entries);
  }

  /** Returns who holds a token, or empty for an unknown token. */
  Optional<Principal> lookup(String token) {
    byte[] presented = hash(token).toByteArray();
    Principal found = null;
    // Every entry is compared, in constant time each, whether or not one matched already.
    for (Entry e : entries) {
      if (MessageDigest.isEqual(presented, e.hash().toByteArray()) && found == null) {
        found = e.principal();
      }
    }
    return Optional.ofNullable(found);
  }

  /** Returns how many tokens there are. */
  int size() {
    return entries.size();
  }

  private static Hash hash(String token) {
    return Hash.sha256(token.getBytes(StandardCharsets.UTF_8));
  }
}
