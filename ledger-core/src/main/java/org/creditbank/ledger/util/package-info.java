/**
 * Small value types shared by every layer: immutable {@link org.creditbank.ledger.util.Bytes}, the
 * 32-byte SHA-256 {@link org.creditbank.ledger.util.Hash}, hex coding, and the root of the checked
 * exception hierarchy, {@link org.creditbank.ledger.util.LedgerException}.
 */
package org.creditbank.ledger.util;
