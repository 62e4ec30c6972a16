package org.creditbank.ledger.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
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
public final class ServeCommand implements Callable<Integer>, LocalOnly {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  @Spec CommandSpec spec;

  @Mixin LedgerOptions data;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "8080",
      description = "the port to listen on, 0 for any free one (default ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
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
      paramLabel = "N",
      description = "requests handled at once (default: 32 per core, from 64 to 256)")
  Integer threads;

  @Option(
      names = "--readers",
      paramLabel = "N",
      description =
          "threads that read requests, at least --threads: a connection holds one only while it"
              + " sends a request or waits for an answer (default: 1024)")
  Integer readers;

  @Option(
      names = "--max-buffered-mib",
      paramLabel = "MIB",
      description =
          "MiB of request bodies held in memory at once, over all requests; more is answered 503"
              + " (default: 64)")
  Integer maxBufferedMib;

  @Option(
      names = "--header-timeout",
      paramLabel = "SECONDS",
      description = "seconds a client may take to send a request's line and headers (default: 10)")
  Integer headerTimeout;

  @Option(
      names = "--body-timeout",
      paramLabel = "SECONDS",
      description = "seconds a client may take to send a request body (default: 30)")
  Integer bodyTimeout;

  @Option(
      names = "--queue-timeout",
      paramLabel = "SECONDS",
      description =
          "seconds a request waits for one of the --threads before it is answered 503 (default:"
              + " 2)")
  Integer queueTimeout;

  /** The options with the limits given on the command line. */
  private ServerOptions limits(ServerOptions options) {
    ServerOptions o = options;
    if (readers != null) {
      if (readers < o.threads() || readers > 16384) {
        throw Cli.usage(
            "want --readers from " + o.threads() + " (--threads) to 16384, got " + readers);
      }
      o = o.withReaders(readers);
    }
    if (maxBufferedMib != null) {
      if (maxBufferedMib < 1 || maxBufferedMib > 1024 * 1024) {
        throw Cli.usage("want --max-buffered-mib from 1 to 1048576, got " + maxBufferedMib);
      }
      o = o.withMaxBufferedBytes(maxBufferedMib * 1024L * 1024);
    }
    Duration header = seconds("--header-timeout", headerTimeout, 1, o.headerTimeout());
    Duration body = seconds("--body-timeout", bodyTimeout, 1, o.bodyTimeout());
    Duration queue = seconds("--queue-timeout", queueTimeout, 0, o.queueTimeout());
    return o.withTimeouts(header, body, queue);
  }

  private static Duration seconds(String flag, Integer value, int min, Duration dflt) {
    if (value == null) {
      return dflt;
    }
    if (value < min || value > 3600) {
      throw Cli.usage("want " + flag + " from " + min + " to 3600 seconds, got " + value);
    }
    return Duration.ofSeconds(value);
  }

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
    options = limits(options);
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
