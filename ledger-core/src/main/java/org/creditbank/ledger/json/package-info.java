/**
 * Canonical JSON and strict parsing of untrusted JSON, over Jackson trees.
 *
 * <ul>
 *   <li>{@link org.creditbank.ledger.json.Jcs}: the JSON Canonicalization Scheme of RFC 8785 — the
 *       exact bytes that are hashed and signed (eddsa-jcs-2022 proofs, journal leaves). Members
 *       sorted by UTF-16 code units, RFC 8785 string escapes, numbers as IEEE 754 doubles printed
 *       by the ECMAScript algorithm (shortest round-trip digits, Schubfach).
 *   <li>{@link org.creditbank.ledger.json.StrictJson}: a parser that accepts only RFC 8259 JSON
 *       that is also I-JSON (RFC 7493: well-formed UTF-8, no lone surrogates, no duplicate names,
 *       numbers within double range and integers within ±2^53), with no BOM and nothing after the
 *       value, within {@link org.creditbank.ledger.json.JsonLimits} (by default 64 KiB = 65,536
 *       bytes and nesting depth 32, where {@code []} has depth 1 and a bare scalar depth 0).
 *       Failures are {@link org.creditbank.ledger.json.JsonFormatException}s with the byte offset.
 * </ul>
 *
 * <p>The package knows nothing of credits, signatures or storage.
 */
package org.creditbank.ledger.json;
