/**
 * Learner bundles: a learner's chosen entries of the ledger with everything needed to check them
 * offline, against one signed checkpoint and the operator's verifier key (selective disclosure by
 * entry). {@link org.creditbank.ledger.bundle.BundleExporter} makes one from a ledger, {@link
 * org.creditbank.ledger.bundle.Bundle} is its JSON form (specified in {@code docs/bundle.md}), and
 * {@link org.creditbank.ledger.bundle.BundleVerifier} checks one with no network and no ledger.
 */
package org.creditbank.ledger.bundle;
