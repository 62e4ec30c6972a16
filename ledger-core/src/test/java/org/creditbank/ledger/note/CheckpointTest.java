package org.creditbank.ledger.note;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.creditbank.ledger.util.Hash;
import org.junit.jupiter.api.Test;

class CheckpointTest {
  private static final String ROOT = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";

  private static String error(String text) {
    return assertThrows(NoteFormatException.class, () -> Checkpoint.parse(text)).getMessage();
  }

  @Test
  void parse_maxUnsignedSize_keptAsUnsigned() throws Exception {
    Checkpoint cp = Checkpoint.parse("o\n18446744073709551615\n" + ROOT + "\n");
    assertEquals(-1L, cp.size());
    assertEquals("o\n18446744073709551615\n" + ROOT + "\n", cp.toText());
  }

  @Test
  void parse_extensionLines_keptExactly() throws Exception {
    String text = "example.com/log\n0\n" + ROOT + "\next one\n  ext two \n";
    Checkpoint cp = Checkpoint.parse(text);
    assertEquals(List.of("ext one", "  ext two "), cp.extensions());
    assertEquals(text, cp.toText());
  }

  @Test
  void parse_malformed_preciseMessages() {
    assertEquals("checkpoint: want text ending in a newline", error("o\n1\n" + ROOT));
    assertEquals(
        "checkpoint: want at least 3 lines (origin, size, root hash), got 2", error("o\n1\n"));
    assertEquals("checkpoint line 1 (origin) is empty", error("\n1\n" + ROOT + "\n"));
    assertEquals("checkpoint line 4 (extension) is empty", error("o\n1\n" + ROOT + "\n\nx\n"));
    assertEquals(
        "checkpoint line 1 (origin) contains control character U+0009 at offset 1",
        error("o\t\n1\n" + ROOT + "\n"));
    assertEquals(
        "checkpoint tree size: want a decimal number without leading zeros, got \"01\"",
        error("o\n01\n" + ROOT + "\n"));
    assertEquals(
        "checkpoint tree size: want a decimal number without leading zeros, got \"+1\"",
        error("o\n+1\n" + ROOT + "\n"));
    assertEquals(
        "checkpoint tree size: want a decimal number without leading zeros, got \"1 \"",
        error("o\n1 \n" + ROOT + "\n"));
    assertEquals(
        "checkpoint tree size: want a number below 2^64, got \"18446744073709551616\"",
        error("o\n18446744073709551616\n" + ROOT + "\n"));
    assertEquals(
        "checkpoint: want root hash as canonical base64 of 32 bytes, got \"AAAA\"",
        error("o\n1\nAAAA\n"));
    assertEquals(
        "checkpoint: want root hash as canonical base64 of 32 bytes, got \""
            + ROOT.replace("=", "")
            + "\"",
        error("o\n1\n" + ROOT.replace("=", "") + "\n"));
  }

  @Test
  void constructor_invalidOrigin_illegalArgument() {
    Hash root = Hash.fromBase64(ROOT);
    assertEquals(
        "checkpoint origin is empty",
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.of("", 1, root))
            .getMessage());
    assertEquals(
        "checkpoint extension line contains control character U+000A at offset 1",
        assertThrows(
                IllegalArgumentException.class, () -> new Checkpoint("o", 1, root, List.of("a\nb")))
            .getMessage());
  }

  @Provide
  Arbitrary<String> lines() {
    return Arbitraries.strings()
        .withCharRange(' ', '~')
        .withChars('é', '中')
        .ofMinLength(1)
        .ofMaxLength(30);
  }

  @Property(tries = 200)
  void parse_formattedCheckpoint_roundTrips(
      @ForAll("lines") String origin,
      @ForAll long size,
      @ForAll @Size(value = 32) byte[] root,
      @ForAll @Size(max = 3) List<@net.jqwik.api.From("lines") String> extensions)
      throws Exception {
    Checkpoint cp = new Checkpoint(origin, size, Hash.of(root), extensions);
    Checkpoint parsed = Checkpoint.parse(cp.toText());
    assertEquals(cp, parsed);
    assertEquals(cp.toText(), parsed.toText());
  }
}
