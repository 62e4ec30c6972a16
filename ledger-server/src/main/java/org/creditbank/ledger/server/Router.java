package org.creditbank.ledger.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Matches a method and path to a route: templates of literal segments and {@code {name}}
 * parameters, no framework. A path no template matches is a 404; a path that matches with another
 * method only is a 405 naming the methods it has.
 */
final class Router {
  /** Who may call a route. */
  enum Access {
    /** Anyone. */
    PUBLIC,
    /** An auditor's token. */
    AUDITOR,
    /** An operator's token. */
    OPERATOR,
    /**
     * A learner's, an institution's or an auditor's token; the handler then checks the subject
     * against the learner.
     */
    LEARNER_READER,
    /**
     * An institution's or an auditor's token; the handler then checks the institution against the
     * statement's actor.
     */
    STATEMENT_READER
  }

  /** Handles a matched request. */
  @FunctionalInterface
  interface Handler {
    Response handle(Request request) throws Exception;
  }

  /**
   * A route: its method, path template, access, the largest body it reads (0: it reads none) and
   * handler.
   */
  record Route(String method, String template, Access access, int maxBody, Handler handler) {
    Route {
      if (maxBody < 0) {
        throw new IllegalArgumentException("want maxBody >= 0, got " + maxBody);
      }
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(template, "template");
      Objects.requireNonNull(access, "access");
      Objects.requireNonNull(handler, "handler");
    }

    /** The route's name in metrics and logs, such as {@code GET /v1/entries/{seq}}. */
    String name() {
      return method + " " + template;
    }

    List<String> segments() {
      return List.of(template.substring(1).split("/", -1));
    }
  }

  /** A matched route and its path parameters. */
  record Match(Route route, Map<String, String> params) {}

  private final List<Route> routes = new ArrayList<>();

  void add(String method, String template, Access access, Handler handler) {
    routes.add(new Route(method, template, access, 0, handler));
  }

  /** Adds a route whose request body, of at most {@code maxBody} bytes, is read before it runs. */
  void add(String method, String template, Access access, int maxBody, Handler handler) {
    routes.add(new Route(method, template, access, maxBody, handler));
  }

  List<Route> routes() {
    return List.copyOf(routes);
  }

  Match match(String method, String rawPath) throws ProblemException {
    String[] segs = rawPath.startsWith("/") ? rawPath.substring(1).split("/", -1) : new String[0];
    TreeSet<String> allowed = new TreeSet<>();
    for (Route r : routes) {
      Map<String, String> params = bind(r.segments(), segs);
      if (params == null) {
        continue;
      }
      if (r.method().equals(method)) {
        return new Match(r, params);
      }
      allowed.add(r.method());
    }
    if (allowed.isEmpty()) {
      throw new ProblemException(404, Problems.NOT_FOUND, "no route " + rawPath);
    }
    // HEAD is not offered: it would need bodies computed and thrown away.
    String allow = String.join(", ", allowed);
    throw new ProblemException(
        405,
        Problems.METHOD_NOT_ALLOWED,
        "want " + allow.replace(", ", " or ") + " on " + rawPath + ", got " + method,
        null,
        Map.of("Allow", allow),
        null);
  }

  private static Map<String, String> bind(List<String> template, String[] segs) {
    if (template.size() != segs.length) {
      return null;
    }
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < segs.length; i++) {
      String t = template.get(i);
      if (t.startsWith("{") && t.endsWith("}")) {
        if (segs[i].isEmpty()) {
          return null;
        }
        params.put(t.substring(1, t.length() - 1), segs[i]);
      } else if (!t.equals(segs[i])) {
        return null;
      }
    }
    return params;
  }
}
