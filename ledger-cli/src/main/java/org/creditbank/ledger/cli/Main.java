package org.creditbank.ledger.cli;

/** Entry point of the {@code ledger} command-line tool. */
public final class Main {
  private Main() {}

  /**
   * Runs the command line.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.out.println("ledger");
  }
}
