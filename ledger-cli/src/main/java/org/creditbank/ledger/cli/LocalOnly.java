package org.creditbank.ledger.cli;

/**
 * Marks a command that works on a local ledger only ({@code --data DIR}): its help does not list
 * {@code --server} and {@code --token}, which its {@link LedgerOptions} still accept only to refuse
 * them with a message that says so.
 */
interface LocalOnly {}
