/**
 * The worked scenario of the credit bank: a city open university, its district branch, a nursing
 * college, a certification body and a community school; one learner's achievements converted into a
 * nursing programme; one revocation voiding a conversion. Its test, {@code docs/scenario.md} and
 * {@code ledger demo} run this one scenario, and {@link org.creditbank.ledger.demo.Reports} renders
 * what it shows.
 */
package org.creditbank.ledger.demo;
