package org.creditbank.ledger.server;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A request body as it was read: chunks of {@link #CHUNK} bytes (the last one shorter), so that
 * reading it never copies what has arrived into a larger array, and the memory it holds is what
 * arrived plus at most one chunk. Immutable; the chunks are not copied.
 */
final class Body {
  /** The size of each chunk but the last: the largest single statement, 64 KiB. */
  static final int CHUNK = ServerOptions.MAX_BODY;

  private final List<byte[]> chunks;
  private final int length;

  /** A body of the chunks, each but the last exactly {@link #CHUNK} bytes long. */
  Body(List<byte[]> chunks) {
    this.chunks = List.copyOf(chunks);
    long n = 0;
    for (int i = 0; i < this.chunks.size(); i++) {
      byte[] c = this.chunks.get(i);
      if (i < this.chunks.size() - 1 && c.length != CHUNK) {
        throw new IllegalArgumentException(
            "want chunks of " + CHUNK + " bytes but the last, got " + c.length + " at " + i);
      }
      n += c.length;
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("want a body under 2 GiB, got " + n + " bytes");
    }
    this.length = (int) n;
  }

  /** The body's length in bytes. */
  int length() {
    return length;
  }

  /** The whole body as a stream. */
  InputStream stream() {
    List<InputStream> parts = new ArrayList<>(chunks.size());
    for (byte[] c : chunks) {
      parts.add(new ByteArrayInputStream(c));
    }
    return new SequenceInputStream(Collections.enumeration(parts));
  }

  /** The whole body as one array: the chunk itself if there is one, which must not be changed. */
  byte[] bytes() {
    return bytes(0, length);
  }

  /** Bytes {@code [from, to)} of the body, in a new array unless they are one whole chunk. */
  byte[] bytes(int from, int to) {
    Objects.checkFromToIndex(from, to, length);
    if (from % CHUNK == 0 && chunks.size() > from / CHUNK) {
      byte[] c = chunks.get(from / CHUNK);
      if (to - from == c.length) {
        return c;
      }
    }
    byte[] out = new byte[to - from];
    int at = from;
    while (at < to) {
      byte[] c = chunks.get(at / CHUNK);
      int off = at % CHUNK;
      int n = Math.min(c.length - off, to - at);
      System.arraycopy(c, off, out, at - from, n);
      at += n;
    }
    return out;
  }
}
