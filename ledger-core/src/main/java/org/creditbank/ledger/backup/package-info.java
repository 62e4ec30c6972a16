/**
 * Online backups of a ledger directory and their restore (see {@code docs/operations.md}, "Backup
 * and restore"). {@link org.creditbank.ledger.backup.LedgerBackup#create} copies an open ledger at
 * one point in time while it takes submissions and writes a {@link
 * org.creditbank.ledger.backup.BackupManifest}; {@link
 * org.creditbank.ledger.backup.LedgerBackup#restore} checks every file against the manifest, audits
 * the copy from seq 0 and only then puts it in place.
 */
package org.creditbank.ledger.backup;
