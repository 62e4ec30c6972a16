package org.creditbank.ledger.bank;

import java.util.Objects;

/**
 * Names one conversion: the institution that made it and its conversion id.
 *
 * @param owner the converting institution (the rule's owner)
 * @param conversion the conversion id, unique per owner
 */
public record ConversionRef(String owner, String conversion) {
  /**
   * Checks the fields.
   *
   * @param owner the owner
   * @param conversion the conversion id
   * @throws NullPointerException if an argument is null
   */
  public ConversionRef {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(conversion, "conversion");
  }

  /** Returns {@code owner/conversion}. */
  @Override
  public String toString() {
    return owner + "/" + conversion;
  }

  static ConversionRef parse(String s) {
    String[] r = BankState.splitRef(s);
    return new ConversionRef(r[0], r[1]);
  }
}
