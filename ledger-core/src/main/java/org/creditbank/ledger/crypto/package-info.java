/**
 * Ed25519 signatures and keys.
 *
 * <p>Signing and verification run on Bouncy Castle's low-level RFC 8032 code ({@code
 * org.bouncycastle.math.ec.rfc8032.Ed25519}), which is several times faster here than the JCA
 * provider or the JDK's own Ed25519. Verification is strict RFC 8032 §5.1.7: 64-byte signatures
 * only, {@code S < L}, canonical encodings of {@code R} and {@code A}.
 *
 * <p>Keys travel as PKCS#8 PEM (RFC 8410, the form {@code openssl genpkey -algorithm ed25519}
 * writes) for private keys and as {@code did:key} / Multikey ({@code z6Mk…}) for public keys. The
 * secret seed of an {@link org.creditbank.ledger.crypto.Ed25519PrivateKey} leaves it only through
 * {@link org.creditbank.ledger.crypto.Ed25519PrivateKey#exportSeedUnsafe()} and {@link
 * org.creditbank.ledger.crypto.Ed25519PrivateKey#toPem()}.
 */
package org.creditbank.ledger.crypto;
