package org.creditbank.ledger.cli;

/** Entry point of the {@code ledger} command-line tool. */
public final class Main {
  private Main() {}

  /**
   * Runs the command line and exits with the command's exit code (see {@link ExitCodes}).
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(LedgerCommand.commandLine().execute(args));
  }
}
