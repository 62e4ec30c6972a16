package org.creditbank.ledger.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 CSV: comma-separated, fields in double quotes may hold commas, quotes, newlines.
 */
final class Csv {
  private Csv() {}

  /** One record and the line it starts on (from 1). */
  record Row(int line, List<String> fields) {}

  /**
   * Splits text into records. An unterminated quoted field runs to the end of the text and is
   * reported by the caller as a bad column count or value, never as an abort.
   */
  static List<Row> parse(String text) {
    List<Row> rows = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    int line = 1;
    int start = 1;
    int i = text.startsWith("\uFEFF") ? 1 : 0;
    for (; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            f.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') {
            line++;
          }
          f.append(c);
        }
      } else if (c == '"' && f.length() == 0) {
        quoted = true;
        any = true;
      } else if (c == ',') {
        fields.add(f.toString());
        f.setLength(0);
        any = true;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        if (any || f.length() > 0) {
          fields.add(f.toString());
          rows.add(new Row(start, List.copyOf(fields)));
        }
        fields.clear();
        f.setLength(0);
        any = false;
        line++;
        start = line;
      } else {
        f.append(c);
        any = true;
      }
    }
    if (any || f.length() > 0) {
      fields.add(f.toString());
      rows.add(new Row(start, List.copyOf(fields)));
    }
    return rows;
  }
}
