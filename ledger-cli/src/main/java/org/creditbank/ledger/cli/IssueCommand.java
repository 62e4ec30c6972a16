package org.creditbank.ledger.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.creditbank.ledger.bank.Body;
import org.creditbank.ledger.bank.StatementException;
import org.creditbank.ledger.bank.StatementSigner;
import org.creditbank.ledger.bank.StatementType;
import org.creditbank.ledger.journal.Receipt;
import org.creditbank.ledger.util.LedgerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ledger issue}: records achievements, one from options or many from a CSV file. */
@Command(
    name = "issue",
    mixinStandardHelpOptions = true,
    description = {
      "Record an achievement (achievement.recorded; signed by the issuer, the actor) from"
          + " options, or one per row of a CSV file with --csv (columns in docs/cli.md).",
      "With --csv, rows are submitted concurrently; a progress bar shows on stderr; errors are"
          + " reported per row with its line number, then a summary. Rows that succeeded stay"
          + " recorded, and running the same file again skips them (their ids are derived from"
          + " their content, or taken from the id column)."
    })
public final class IssueCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(IssueCommand.class);

  @Spec CommandSpec spec;
  @Mixin LedgerOptions ledger;
  @Mixin StatementOptions statement;
  @Mixin OutputOptions output;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  /** Either one achievement's options or a CSV file. */
  static final class Source {
    @ArgGroup(exclusive = false)
    One one;

    @Option(names = "--csv", paramLabel = "FILE", required = true, description = "a CSV file")
    Path csv;
  }

  /** One achievement from options. */
  static final class One {
    @Option(names = "--achievement", paramLabel = "ID", required = true, description = "its id")
    String achievement;

    @Option(names = "--learner", paramLabel = "ID", required = true, description = "the learner")
    String learner;

    @Option(
        names = "--kind",
        paramLabel = "KIND",
        required = true,
        description = "course, vocationalCertificate, skillCertificate, training, mooc, ...")
    String kind;

    @Option(names = "--title", paramLabel = "TEXT", required = true, description = "its title")
    String title;

    @Option(names = "--code", paramLabel = "CODE", required = true, description = "its code")
    String code;

    @Option(names = "--field", paramLabel = "CODE", required = true, description = "field")
    String field;

    @Option(names = "--level", paramLabel = "LEVEL", required = true, description = "level")
    String level;

    @Option(names = "--credits", paramLabel = "N", required = true, description = "credits")
    String credits;

    @Option(names = "--hours", paramLabel = "N", required = true, description = "hours")
    String hours;

    @Option(
        names = "--result",
        paramLabel = "RESULT",
        required = true,
        description = "score:86.5, passed, failed or grade:B+:A|B+|B|C")
    String result;

    @Option(names = "--completed", paramLabel = "DATE", required = true, description = "YYYY-MM-DD")
    String completed;

    @Option(names = "--valid-until", paramLabel = "DATE", description = "for expiring ones")
    String validUntil;

    @Option(names = "--supersedes", paramLabel = "ID", description = "an earlier one it replaces")
    String supersedes;

    @Option(names = "--evidence-sha256", paramLabel = "HEX", description = "a document's hash")
    String evidenceSha256;

    @Option(names = "--evidence-type", paramLabel = "TYPE", description = "its media type")
    String evidenceType;

    Map<String, String> values() {
      Map<String, String> v = new HashMap<>();
      v.put("achievement", achievement);
      v.put("learner", learner);
      v.put("kind", kind);
      v.put("title", title);
      v.put("code", code);
      v.put("field", field);
      v.put("level", level);
      v.put("credits", credits);
      v.put("hours", hours);
      v.put("result", result);
      v.put("completed", completed);
      v.put("validUntil", validUntil);
      v.put("supersedes", supersedes);
      v.put("evidenceSha256", evidenceSha256);
      if (evidenceType != null) {
        v.put("evidenceType", evidenceType);
      }
      return v;
    }
  }

  @Option(
      names = "--progress-every-ms",
      hidden = true,
      defaultValue = "2000",
      description = "how often a progress line is written when stderr is not a terminal")
  long progressEveryMs;

  @Override
  public Integer call() throws LedgerException, StatementException, InterruptedException {
    if (source.csv == null) {
      Body body =
          StatementOptions.body(
              StatementType.ACHIEVEMENT_RECORDED, AchievementFields.body(source.one.values()));
      return statement.submit(spec, ledger, output, body);
    }
    if (statement.id != null) {
      throw Cli.usage("--id names one statement; with --csv give an id column instead");
    }
    if (statement.dryRun) {
      throw Cli.usage("--dry-run is for one statement; it cannot be used with --csv");
    }
    return csv(source.csv);
  }

  /** What happened to one row. */
  private record Outcome(int line, Receipt receipt, String error) {}

  /** A row ready to submit. */
  private record Job(int line, String id, Body body) {}

  private int csv(Path file) throws LedgerException, InterruptedException {
    List<Csv.Row> rows = Csv.parse(Cli.readText(file));
    if (rows.isEmpty()) {
      throw Cli.usage(file + " is empty; want a header row and data rows");
    }
    List<String> header = rows.get(0).fields().stream().map(String::strip).toList();
    for (String h : header) {
      if (!AchievementFields.REQUIRED.contains(h) && !AchievementFields.OPTIONAL.contains(h)) {
        throw Cli.usage(file + ": unknown column '" + h + "' in the header (see docs/cli.md)");
      }
    }
    for (String r : AchievementFields.REQUIRED) {
      if (!header.contains(r)) {
        throw Cli.usage(file + ": the header has no column '" + r + "'");
      }
    }
    try (LedgerAccess l = ledger.access()) {
      return csv(file, l, header, rows);
    }
  }

  private int csv(Path file, LedgerAccess l, List<String> header, List<Csv.Row> rows)
      throws LedgerException, InterruptedException {
    StatementSigner signer = statement.signer(l.origin());
    Instant issuedAt = statement.issuedAt();
    List<Outcome> outcomes = new ArrayList<>();
    List<Job> jobs = new ArrayList<>();
    for (Csv.Row row : rows.subList(1, rows.size())) {
      if (row.fields().size() != header.size()) {
        outcomes.add(
            new Outcome(
                row.line(),
                null,
                Cli.format("want %d columns, got %d", header.size(), row.fields().size())));
        continue;
      }
      Map<String, String> v = new HashMap<>();
      for (int i = 0; i < header.size(); i++) {
        v.put(header.get(i), row.fields().get(i));
      }
      try {
        Body body =
            StatementOptions.body(StatementType.ACHIEVEMENT_RECORDED, AchievementFields.body(v));
        String id = v.get("id");
        if (id == null || id.isEmpty()) {
          id = StatementOptions.derivedId(StatementType.ACHIEVEMENT_RECORDED, signer.actor(), body);
        }
        jobs.add(new Job(row.line(), id, body));
      } catch (Cli.Failure e) {
        outcomes.add(new Outcome(row.line(), null, e.getMessage()));
      }
    }
    int total = rows.size() - 1;
    long started = System.nanoTime();
    outcomes.addAll(run(l, signer, issuedAt, jobs, total, outcomes.size()));
    outcomes.sort((a, b) -> Integer.compare(a.line(), b.line()));
    return report(file, outcomes, total, (System.nanoTime() - started) / 1_000_000);
  }

  /** Submits the rows on another thread while this one keeps the progress bar up to date. */
  private List<Outcome> run(
      LedgerAccess l,
      StatementSigner signer,
      Instant issuedAt,
      List<Job> jobs,
      int total,
      int done0)
      throws LedgerException, InterruptedException {
    AtomicInteger done = new AtomicInteger(done0);
    List<LedgerAccess.Draft> drafts = new ArrayList<>();
    for (Job j : jobs) {
      drafts.add(new LedgerAccess.Draft(j.id(), j.body()));
    }
    ExecutorService one = Executors.newSingleThreadExecutor();
    try {
      Future<List<LedgerAccess.Outcome>> f =
          one.submit(() -> l.submitAllOnce(signer, issuedAt, drafts, done::addAndGet));
      ProgressBar progress =
          new ProgressBar(spec.commandLine().getErr(), "issue", "rows", total, progressEveryMs);
      List<LedgerAccess.Outcome> results;
      while (true) {
        try {
          results = f.get(100, TimeUnit.MILLISECONDS);
          break;
        } catch (TimeoutException e) {
          progress.show(done.get());
        } catch (java.util.concurrent.ExecutionException e) {
          if (e.getCause() instanceof LedgerException x) {
            throw x;
          }
          if (e.getCause() instanceof RuntimeException x) {
            throw x;
          }
          throw new IllegalStateException("the rows' submission failed: " + e.getCause(), e);
        }
      }
      progress.finish(done.get());
      List<Outcome> out = new ArrayList<>();
      for (int i = 0; i < jobs.size(); i++) {
        LedgerAccess.Outcome o = results.get(i);
        out.add(
            new Outcome(
                jobs.get(i).line(),
                o.receipt().orElse(null),
                o.rejection().map(Cli::rejected).orElse(null)));
      }
      return out;
    } finally {
      one.shutdownNow();
    }
  }

  private int report(Path file, List<Outcome> outcomes, int total, long millis) {
    PrintWriter err = spec.commandLine().getErr();
    int recorded = 0;
    int already = 0;
    int failed = 0;
    ArrayNode errors = JsonNodeFactory.instance.arrayNode();
    for (Outcome o : outcomes) {
      if (o.error() != null) {
        failed++;
        err.println(Cli.format("ledger issue: %s row %d: %s", file, o.line(), o.error()));
        errors.addObject().put("row", o.line()).put("error", o.error());
      } else if (o.receipt().repeat()) {
        already++;
      } else {
        recorded++;
      }
    }
    err.flush();
    LOG.info("issue --csv {}: {} rows in {} ms", file, total, millis);
    if (output.json) {
      ObjectNode s = JsonNodeFactory.instance.objectNode();
      s.put("rows", total);
      s.put("recorded", recorded);
      s.put("alreadyRecorded", already);
      s.put("failed", failed);
      s.put("millis", millis);
      s.set("errors", errors);
      Cli.printJson(spec, s);
    } else {
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          Cli.format(
              "%d rows: %d recorded, %d already recorded, %d failed (%.1f s)",
              total, recorded, already, failed, millis / 1000.0));
      out.flush();
    }
    return failed == 0 ? ExitCodes.OK : ExitCodes.REJECTED;
  }
}
