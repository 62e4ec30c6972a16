package org.creditbank.ledger.merkle;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.creditbank.ledger.util.Hash;
import org.creditbank.ledger.util.LedgerException;

/**
 * A node source over a fully materialized tree, built level by level from the leaf hashes; it fails
 * on any node that is not complete, and counts reads.
 */
final class ListNodeSource implements NodeSource {
  private final List<List<Hash>> levels = new ArrayList<>();
  private long reads;

  ListNodeSource(List<Hash> leafHashes) {
    List<Hash> level = List.copyOf(leafHashes);
    while (!level.isEmpty()) {
      levels.add(level);
      List<Hash> up = new ArrayList<>();
      for (int i = 0; i + 1 < level.size(); i += 2) {
        up.add(Rfc6962.nodeHash(level.get(i), level.get(i + 1)));
      }
      level = up;
    }
  }

  @Override
  public Hash node(int level, long index) throws LedgerException {
    reads++;
    if (level < 0 || level >= levels.size() || index < 0 || index >= levels.get(level).size()) {
      throw new LedgerException(
          String.format(Locale.ROOT, "no complete node (level %d, index %d)", level, index));
    }
    return levels.get(level).get((int) index);
  }

  long reads() {
    return reads;
  }

  void resetReads() {
    reads = 0;
  }
}
