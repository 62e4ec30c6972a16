package org.creditbank.ledger.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/openapi.yaml names exactly the routes the server has, and marks exactly its protected ones.
 */
class OpenApiTest {
  @TempDir Path dir;

  /**
   * Reads {@code METHOD path} pairs from the {@code paths:} section, each with whether its
   * operation has {@code security: [{bearer: []}]}: a path is a key indented two spaces, its
   * operations keys indented four, an operation's {@code security} six (the document's default is
   * {@code security: []}).
   */
  static java.util.SortedMap<String, Boolean> operations(List<String> lines) {
    java.util.TreeMap<String, Boolean> ops = new java.util.TreeMap<>();
    boolean inPaths = false;
    String path = null;
    String op = null;
    for (String line : lines) {
      if (line.equals("paths:")) {
        inPaths = true;
        continue;
      }
      if (inPaths && !line.isEmpty() && !line.startsWith(" ") && !line.startsWith("#")) {
        inPaths = false;
      }
      if (!inPaths) {
        continue;
      }
      if (line.matches("  /\\S*:")) {
        path = line.strip().replaceAll(":$", "").replace("'", "");
        op = null;
      } else if (line.matches("    (get|post|put|delete|patch|head|options):") && path != null) {
        op = line.strip().replace(":", "").toUpperCase(Locale.ROOT) + " " + path;
        ops.put(op, false);
      } else if (line.equals("      security: [{bearer: []}]") && op != null) {
        ops.put(op, true);
      }
    }
    return ops;
  }

  /** The documented operations. */
  static java.util.SortedSet<String> documented(List<String> lines) {
    return new TreeSet<>(operations(lines).keySet());
  }

  /** The documented operations that take a bearer token. */
  static java.util.SortedSet<String> bearer(List<String> lines) {
    TreeSet<String> ops = new TreeSet<>();
    operations(lines)
        .forEach(
            (op, bearer) -> {
              if (bearer) {
                ops.add(op);
              }
            });
    return ops;
  }

  /** The operations that document a bearer token are exactly the routes that demand one. */
  @Test
  void openapi_bearerSecurity_exactlyTheProtectedRoutes() throws Exception {
    List<String> lines = Files.readAllLines(Path.of("..", "docs", "openapi.yaml"));
    assertTrue(lines.contains("security: []"), "want no security by default");
    TreeSet<String> protectedRoutes = new TreeSet<>();
    try (Fixture f = new Fixture(dir)) {
      for (Router.Route r : f.server.routes()) {
        if (r.access() != Router.Access.PUBLIC) {
          protectedRoutes.add(r.name());
        }
      }
    }
    assertEquals(10, protectedRoutes.size());
    assertEquals(protectedRoutes, bearer(lines));
  }

  @Test
  void bearer_sample_readsTheOperationsWithSecurity() {
    List<String> sample =
        List.of(
            "openapi: 3.1.0",
            "security: []",
            "paths:",
            "  /a/{id}:",
            "    get:",
            "      security: [{bearer: []}]",
            "    post:",
            "      x: 1",
            "  /b:",
            "    get:",
            "      security: []",
            "components:",
            "  /c:",
            "    get:",
            "      security: [{bearer: []}]");
    assertEquals(new TreeSet<>(List.of("GET /a/{id}")), bearer(sample));
  }

  @Test
  void openapi_paths_areTheServersRoutes() throws Exception {
    List<String> lines = Files.readAllLines(Path.of("..", "docs", "openapi.yaml"));
    assertTrue(lines.get(0).startsWith("openapi: 3.1"), lines.get(0));
    TreeSet<String> routes = new TreeSet<>();
    try (Fixture f = new Fixture(dir)) {
      for (Router.Route r : f.server.routes()) {
        routes.add(r.name());
      }
    }
    assertEquals(20, routes.size());
    assertEquals(routes, documented(lines));
  }

  @Test
  void documented_sample_readsPathsAndMethods() {
    List<String> sample =
        List.of(
            "openapi: 3.1.0",
            "paths:",
            "  /a/{id}:",
            "    get:",
            "      x: 1",
            "    post:",
            "components:",
            "  /b:",
            "    get:");
    assertEquals(new TreeSet<>(List.of("GET /a/{id}", "POST /a/{id}")), documented(sample));
    assertEquals(new ArrayList<>(), new ArrayList<>(documented(List.of())));
  }
}
