package org.creditbank.ledger.cli;

/** The exit codes of every {@code ledger} command, as documented in its help. */
public final class ExitCodes {
  /** Success. */
  public static final int OK = 0;

  /** A verification or audit found a failure. */
  public static final int VERIFICATION_FAILED = 1;

  /** The command line was wrong: unknown option, missing argument, bad value. */
  public static final int USAGE = 2;

  /** The ledger rejected a statement. */
  public static final int REJECTED = 3;

  /** Reading or writing a file or the ledger's storage failed. */
  public static final int IO = 4;

  private ExitCodes() {}
}
