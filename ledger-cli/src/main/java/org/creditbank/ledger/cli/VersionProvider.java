package org.creditbank.ledger.cli;

import picocli.CommandLine;

/** Reports the version from the jar's manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = LedgerCommand.class.getPackage().getImplementationVersion();
    return new String[] {"ledger " + (v == null ? "(development build)" : v)};
  }
}
