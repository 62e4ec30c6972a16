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

/** docs/openapi.yaml names exactly the routes the server has. */
class OpenApiTest {
  @TempDir Path dir;

  /**
   * Reads {@code METHOD path} pairs from the {@code paths:} section: a path is a key indented two
   * spaces, its operations keys indented four.
   */
  static java.util.SortedSet<String> documented(List<String> lines) {
    TreeSet<String> ops = new TreeSet<>();
    boolean inPaths = false;
    String path = null;
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
      } else if (line.matches("    (get|post|put|delete|patch|head|options):") && path != null) {
        ops.add(line.strip().replace(":", "").toUpperCase(Locale.ROOT) + " " + path);
      }
    }
    return ops;
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
