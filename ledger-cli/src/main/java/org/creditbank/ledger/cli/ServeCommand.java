package org.creditbank.ledger.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.journal.StorageException;
import org.creditbank.ledger.server.LedgerServer;
import org.creditbank.ledger.server.ServerOptions;
import org.creditbank.ledger.server.Signals;
import org.creditbank.ledger.server.TokenFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ledger serve}: the HTTP/JSON API over a local ledger, until SIGTERM or Ctrl-C. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve a ledger over HTTP/JSON (the /v1 API of docs/api.md) until SIGTERM or Ctrl-C, then"
          + " stop accepting, finish the requests in flight and close the ledger cleanly.",
      "One access-log line per request goes to stderr. SIGHUP reloads the tokens file."
    })
public final class ServeCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  @Spec CommandSpec spec;

  @Mixin LedgerOptions data;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "the port to listen on, 0 for any free one (default ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      description = "the address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 for all)")
  String bind;

  @Option(
      names = "--tokens",
      paramLabel = "FILE",
      description =
          "the bearer tokens file: lines of TOKEN ROLE [SUBJECT] (default: none, so every"
              + " protected route answers 401)")
  Path tokens;

  @Option(
      names = "--backup-dir",
      paramLabel = "DIR",
      description =
          "turn on POST /v1/admin/backup (operator token, used by ledger backup --server): each"
              + " online backup goes into a new directory under DIR on this machine (default:"
              + " backups off)")
  Path backupDir;

  @Option(
      names = "--threads",
      description = "request threads (default: 32 per core, from 64 to 256)")
  Integer threads;

  @Override
  public Integer call() throws StorageException, IOException, TokenFileException {
    if (port < 0 || port > 65535) {
      throw Cli.usage("want --port from 0 to 65535, got " + port);
    }
    InetSocketAddress address;
    try {
      address = new InetSocketAddress(InetAddress.getByName(bind), port);
    } catch (UnknownHostException e) {
      throw Cli.usage("want --bind an address, got " + bind);
    }
    ServerOptions options = ServerOptions.of(address);
    if (tokens != null) {
      options = options.withTokens(tokens);
    }
    if (threads != null) {
      if (threads < 1 || threads > 4096) {
        throw Cli.usage("want --threads from 1 to 4096, got " + threads);
      }
      options = options.withThreads(threads);
    }
    if (backupDir != null) {
      options = options.withBackups(backupDir, data.checkpointKeyFile());
    }
    CreditLedger ledger = data.open();
    LedgerServer server;
    try {
      server = LedgerServer.start(ledger, options);
    } catch (IOException | TokenFileException | RuntimeException e) {
      ledger.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("stopping: finishing requests in flight");
                  server.close();
                  ledger.close();
                  LOG.info("ledger closed");
                  stopped.countDown();
                },
                "ledger-serve-shutdown"));
    boolean hup =
        options.tokens().isPresent()
            && Signals.onHangup(
                () -> {
                  try {
                    server.reloadTokens();
                  } catch (TokenFileException e) {
                    LOG.error("kept the tokens in use: {}", e.getMessage());
                  }
                });
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        "ledger serve: serving "
            + ledger.origin()
            + " ("
            + ledger.journal().size()
            + " entries) on "
            + server.uri()
            + (hup ? "; SIGHUP reloads " + tokens : "")
            + "; Ctrl-C or SIGTERM stops");
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ExitCodes.OK;
  }
}
