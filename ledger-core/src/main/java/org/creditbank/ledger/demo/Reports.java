package org.creditbank.ledger.demo;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.creditbank.ledger.bank.AchievementRecord;
import org.creditbank.ledger.bank.AchievementRecordedBody;
import org.creditbank.ledger.bank.ConversionRecord;
import org.creditbank.ledger.bank.OutcomeKind;
import org.creditbank.ledger.bank.ProgramProgress;
import org.creditbank.ledger.bank.Result;
import org.creditbank.ledger.bank.Transcript;

/** Renders transcripts and programme progress as plain text for people to read. */
public final class Reports {
  private Reports() {}

  /**
   * Renders a transcript: one line per achievement and conversion, then the counted totals.
   *
   * @param t the transcript
   * @return the text, lines separated by {@code \n}
   */
  public static String transcript(Transcript t) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "Transcript of %s (enrolled by %s) on %s%n",
            t.learner().learner(),
            t.learner().enrolledBy(),
            t.asOf()));
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "issuer", "achievement", "kind", "code", "title", "level", "credits", "result", "status"
        });
    for (Transcript.Line line : t.achievements()) {
      AchievementRecord r = line.record();
      AchievementRecordedBody a = r.body();
      rows.add(
          new String[] {
            r.issuer(),
            a.achievement(),
            a.kind().wireName(),
            a.code(),
            a.title(),
            a.level(),
            a.credits().toPlainString(),
            result(a.result()),
            line.status().name()
          });
    }
    table(b, rows);
    if (!t.conversions().isEmpty()) {
      b.append(String.format(Locale.ROOT, "%nConversions%n"));
      List<String[]> conv = new ArrayList<>();
      conv.add(
          new String[] {"by", "conversion", "rule", "programme", "course", "credits", "status"});
      for (ConversionRecord c : t.conversions()) {
        conv.add(
            new String[] {
              c.owner(),
              c.body().conversion(),
              c.body().rule(),
              c.program(),
              c.course(),
              c.body().credits().toPlainString(),
              c.status().name()
                  + c.voidedBy()
                      .map(v -> " (" + v.issuer() + "/" + v.achievement() + " no longer active)")
                      .orElse("")
            });
      }
      table(b, conv);
    }
    b.append(
        String.format(Locale.ROOT, "%nCredits that count: %s%n", t.totalCredits().toPlainString()));
    for (Map.Entry<OutcomeKind, BigDecimal> e : t.creditsByKind().entrySet()) {
      b.append(
          String.format(
              Locale.ROOT,
              "  by kind   %-22s %s%n",
              e.getKey().wireName(),
              e.getValue().toPlainString()));
    }
    for (Map.Entry<String, BigDecimal> e : t.creditsByLevel().entrySet()) {
      b.append(
          String.format(
              Locale.ROOT, "  by level  %-22s %s%n", e.getKey(), e.getValue().toPlainString()));
    }
    for (Map.Entry<String, BigDecimal> e : t.creditsByProgram().entrySet()) {
      b.append(
          String.format(
              Locale.ROOT,
              "  recognised in programme %s: %s%n",
              e.getKey(),
              e.getValue().toPlainString()));
    }
    return b.toString();
  }

  /**
   * Renders programme progress: each requirement, met or not, and what is missing.
   *
   * @param p the progress
   * @return the text, lines separated by {@code \n}
   */
  public static String progress(ProgramProgress p) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "Progress of %s in %s/%s %s on %s: %s credits count (%s own, %s of %s converted)%n",
            p.learner(),
            p.program().owner(),
            p.program().body().program(),
            p.program().body().name(),
            p.asOf(),
            p.countedCredits().toPlainString(),
            p.ownCredits().toPlainString(),
            p.convertedCounted().toPlainString(),
            p.convertedCredits().toPlainString()));
    for (ProgramProgress.Requirement r : p.requirements()) {
      b.append(
          String.format(
              Locale.ROOT, "  [%s] %s: %s%n", r.met() ? "x" : " ", r.description(), r.status()));
    }
    b.append(p.complete() ? "  complete\n" : "  not yet complete\n");
    return b.toString();
  }

  private static String result(Result r) {
    if (r instanceof Result.Score s) {
      return "score " + s.score().toPlainString();
    }
    if (r instanceof Result.Grade g) {
      return "grade " + g.grade();
    }
    return ((Result.PassFail) r).passed() ? "pass" : "fail";
  }

  /** Appends rows as columns padded to their widest cell (counting code points). */
  private static void table(StringBuilder b, List<String[]> rows) {
    int[] width = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], displayWidth(row[i]));
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder(" ");
      for (int i = 0; i < row.length; i++) {
        line.append(' ').append(row[i]);
        if (i < row.length - 1) {
          line.append(" ".repeat(width[i] - displayWidth(row[i])));
        }
      }
      b.append(line.toString().stripTrailing()).append('\n');
    }
  }

  /** Terminal columns: wide (CJK) characters take two. */
  static int displayWidth(String s) {
    int w = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      w += isWide(cp) ? 2 : 1;
      i += Character.charCount(cp);
    }
    return w;
  }

  private static boolean isWide(int cp) {
    return (cp >= 0x1100 && cp <= 0x115F)
        || (cp >= 0x2E80 && cp <= 0xA4CF)
        || (cp >= 0xAC00 && cp <= 0xD7A3)
        || (cp >= 0xF900 && cp <= 0xFAFF)
        || (cp >= 0xFE30 && cp <= 0xFE4F)
        || (cp >= 0xFF00 && cp <= 0xFF60)
        || (cp >= 0xFFE0 && cp <= 0xFFE6)
        || (cp >= 0x20000 && cp <= 0x3FFFD);
  }
}
