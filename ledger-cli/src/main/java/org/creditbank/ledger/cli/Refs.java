package org.creditbank.ledger.cli;

/** Parses the {@code OWNER/ID} references that several options take. */
final class Refs {
  private Refs() {}

  /**
   * Splits {@code OWNER/ID} at its first slash.
   *
   * @throws Cli.Failure a usage error naming the option if there is no slash or a side is empty
   */
  static String[] split(String value, String option, String form) {
    int slash = value.indexOf('/');
    if (slash <= 0 || slash == value.length() - 1) {
      throw Cli.usage("want " + option + " as " + form + ", got '" + value + "'");
    }
    return new String[] {value.substring(0, slash), value.substring(slash + 1)};
  }
}
