package org.creditbank.ledger.server;

import com.sun.net.httpserver.HttpExchange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A matched request: its path parameters, query, the token's principal and its body. */
final class Request {
  static final java.util.regex.Pattern DIGITS = java.util.regex.Pattern.compile("[0-9]{1,18}");

  private final Map<String, String> params;
  private final Map<String, List<String>> query;
  private final Optional<Principal> principal;
  private final Body body;

  Request(
      HttpExchange exchange, Map<String, String> params, Optional<Principal> principal, Body body)
      throws ProblemException {
    this.body = body;
    this.params = Map.copyOf(params);
    this.query = parseQuery(exchange.getRequestURI().getRawQuery());
    this.principal = principal;
  }

  String param(String name) {
    return params.get(name);
  }

  Optional<Principal> principal() {
    return principal;
  }

  /** A query parameter given at most once, or empty. */
  Optional<String> query(String name) throws ProblemException {
    List<String> v = query.getOrDefault(name, List.of());
    if (v.size() > 1) {
      throw ProblemException.badParameter("want query parameter " + name + " once, got it twice");
    }
    return v.stream().findFirst();
  }

  /** Every value of a repeatable query parameter, in order, each percent-decoded. */
  List<String> queryAll(String name) throws ProblemException {
    List<String> out = new ArrayList<>();
    for (String v : query.getOrDefault(name, List.of())) {
      try {
        out.add(URLDecoder.decode(v, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw ProblemException.badParameter(
            "want query parameter " + name + " percent-encoded, got \"" + v + "\"");
      }
    }
    return out;
  }

  /** A required query parameter holding a number from {@code min}. */
  long longParam(String name, long min) throws ProblemException {
    String v =
        query(name)
            .orElseThrow(
                () -> ProblemException.badParameter("want query parameter " + name + ", got none"));
    return parseLong(name, v, min);
  }

  /** An optional query parameter holding a number from {@code min}. */
  long longParam(String name, long min, long dflt) throws ProblemException {
    Optional<String> v = query(name);
    return v.isEmpty() ? dflt : parseLong(name, v.get(), min);
  }

  static long parseLong(String name, String v, long min) throws ProblemException {
    long n;
    try {
      if (!DIGITS.matcher(v).matches()) {
        throw new NumberFormatException();
      }
      n = Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw ProblemException.badParameter(
          String.format(Locale.ROOT, "want %s a whole number from %d, got \"%s\"", name, min, v));
    }
    if (n < min) {
      throw ProblemException.badParameter(
          String.format(Locale.ROOT, "want %s from %d, got %d", name, min, n));
    }
    return n;
  }

  /** The request body, read in full before the handler runs; only for a route that has one. */
  Body body() {
    if (body == null) {
      throw new IllegalStateException("the route reads no body");
    }
    return body;
  }

  private static Map<String, List<String>> parseQuery(String raw) {
    Map<String, List<String>> q = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String pair : raw.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      q.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return q;
  }
}
