/**
 * The verifiable log: an append-only, hash-chained, RFC 6962 Merkle-indexed journal of canonical
 * statements in RocksDB.
 *
 * <p>{@link org.creditbank.ledger.journal.Journal} takes verified statements from many threads; one
 * sequencer thread asks a pluggable {@link org.creditbank.ledger.journal.StateMachine} about each,
 * builds the {@link org.creditbank.ledger.journal.Leaf leaves} ({@code {"v":1, "seq", "prev",
 * "time", "statement"}} in RFC 8785 form, leaf hash {@code SHA-256(0x00 ‖ leafBytes)}), and writes
 * each group — leaves, tree nodes, id index, state, signed C2SP checkpoint, head — in one RocksDB
 * write batch; a syncer thread fsyncs the write-ahead log before any {@link
 * org.creditbank.ledger.journal.Receipt} is returned. Beside the log, {@link
 * org.creditbank.ledger.journal.ErasableStore} keeps data that must stay erasable, outside every
 * hash and proof. The package knows nothing of credits.
 */
package org.creditbank.ledger.journal;
