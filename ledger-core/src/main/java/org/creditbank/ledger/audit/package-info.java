/**
 * The auditor's check of a whole ledger: {@link org.creditbank.ledger.audit.LedgerAuditor} replays
 * the journal from seq 0 in constant memory and checks every stored byte that the log's integrity
 * depends on — leaves, chain, tree nodes, checkpoints and their signatures, statements and their
 * signatures, every decision of the rules, the derived state and the id index — and, given a
 * checkpoint saved by an earlier audit, that the ledger only grew since. It reports the first place
 * where anything is wrong.
 */
package org.creditbank.ledger.audit;
