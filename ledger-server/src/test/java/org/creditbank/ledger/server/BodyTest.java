package org.creditbank.ledger.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BodyTest {
  /** A body of {@code n} bytes counting 0, 1, 2, ... in chunks, and the same bytes in one array. */
  private static byte[] counting(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + 7);
    }
    return b;
  }

  private static Body chunked(byte[] all) {
    List<byte[]> chunks = new ArrayList<>();
    for (int at = 0; at < all.length; at += Body.CHUNK) {
      chunks.add(Arrays.copyOfRange(all, at, Math.min(all.length, at + Body.CHUNK)));
    }
    return new Body(chunks);
  }

  @Test
  void bytes_everySpanAcrossChunkBoundaries_sameAsOneArray() throws Exception {
    byte[] all = counting(3 * Body.CHUNK + 100);
    Body b = chunked(all);
    assertEquals(all.length, b.length());
    assertArrayEquals(all, b.bytes());
    assertArrayEquals(all, b.stream().readAllBytes());
    int[] points = {0, 1, Body.CHUNK - 1, Body.CHUNK, Body.CHUNK + 1, 2 * Body.CHUNK, all.length};
    List<String> failures = new ArrayList<>();
    for (int from : points) {
      for (int to : points) {
        if (from <= to && !Arrays.equals(Arrays.copyOfRange(all, from, to), b.bytes(from, to))) {
          failures.add(from + ".." + to);
        }
      }
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void bytes_oneWholeChunk_notCopied() {
    byte[] one = counting(100);
    assertSame(one, new Body(List.of(one)).bytes());
    assertEquals(0, new Body(List.of()).bytes().length);
  }

  @Test
  void new_shortChunkBeforeTheLast_refused() {
    assertThrows(
        IllegalArgumentException.class, () -> new Body(List.of(new byte[10], new byte[10])));
  }
}
