package org.creditbank.ledger.json;

import java.util.Arrays;

/** A growable byte buffer; unlike ByteArrayOutputStream it is unsynchronized. */
final class ByteSink {
  private byte[] buf;
  private int size;

  ByteSink(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  void write(int b) {
    if (size == buf.length) {
      grow(1);
    }
    buf[size++] = (byte) b;
  }

  void ensure(int extra) {
    if (buf.length - size < extra) {
      grow(extra);
    }
  }

  /** Writes without a capacity check; the caller has called {@link #ensure}. */
  void put(int b) {
    buf[size++] = (byte) b;
  }

  void write(String ascii) {
    ensure(ascii.length());
    for (int i = 0; i < ascii.length(); i++) {
      buf[size++] = (byte) ascii.charAt(i);
    }
  }

  private void grow(int extra) {
    long want = Math.max((long) buf.length * 2, (long) size + extra);
    if (want > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("canonical form larger than 2 GiB");
    }
    buf = Arrays.copyOf(buf, (int) want);
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }
}
