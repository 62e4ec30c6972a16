package org.creditbank.ledger.json;

import java.util.Locale;

/**
 * Limits that {@link StrictJson} enforces on untrusted documents.
 *
 * <p>The <em>depth</em> of a document is the greatest number of arrays and objects that enclose one
 * another along any path from the root: a top-level string, number or literal has depth 0, {@code
 * []} and <code>{}</code> have depth 1, {@code [[1]]} and <code>{"a":[]}</code> have depth 2. A
 * document is accepted when its depth is at most {@code maxDepth}.
 *
 * @param maxBytes the largest accepted document, in bytes of UTF-8; at least 1
 * @param maxDepth the deepest accepted nesting of arrays and objects; at least 1
 */
public record JsonLimits(int maxBytes, int maxDepth) {
  /** The defaults: 64 KiB (65,536 bytes) and depth 32. */
  public static final JsonLimits DEFAULT = new JsonLimits(64 * 1024, 32);

  /**
   * Validates the limits.
   *
   * @throws IllegalArgumentException if a limit is less than 1, or {@code maxDepth} is more than
   *     10,000 (the parser recurses once per level)
   * @param maxBytes the largest accepted document, in bytes of UTF-8; at least 1
   * @param maxDepth the deepest accepted nesting of arrays and objects; at least 1
   */
  public JsonLimits {
    if (maxBytes < 1) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "maxBytes %d, want at least 1", maxBytes));
    }
    if (maxDepth < 1 || maxDepth > 10_000) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "maxDepth %d, want 1 to 10000", maxDepth));
    }
  }
}
