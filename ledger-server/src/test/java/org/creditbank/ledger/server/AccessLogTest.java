package org.creditbank.ledger.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.creditbank.ledger.demo.WorkedScenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * One access-log line per request, on the logger {@code org.creditbank.ledger.server.access}: the
 * client, the principal, the method, the path, the status, the bytes sent and the time taken, for
 * answers of every kind (a success, no token, a token of the wrong role, which the line names, no
 * route, a body over its limit). (About 2 s.)
 */
class AccessLogTest {
  private static final Pattern LINE =
      Pattern.compile("127\\.0\\.0\\.1 (\\S+) (\\S+) (\\S+) (\\d{3}) (\\d+)B \\d+\\.\\dms");
  private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(10);

  @TempDir Path dir;

  private final Logger access =
      (Logger) LoggerFactory.getLogger("org.creditbank.ledger.server.access");
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private Level level;
  private boolean additive;

  @BeforeEach
  void attach() {
    level = access.getLevel();
    additive = access.isAdditive();
    lines.start();
    access.addAppender(lines);
    access.setLevel(Level.INFO);
    access.setAdditive(false);
  }

  @AfterEach
  void detach() {
    access.detachAppender(lines);
    access.setLevel(level);
    access.setAdditive(additive);
  }

  @Test
  void requests_ofEveryOutcome_oneLineEachWithPrincipalStatusAndBytes() throws Exception {
    List<String> want = new ArrayList<>();
    long checkpointSent;
    try (Fixture f = new Fixture(dir)) {
      f.get("/healthz", null);
      want.add("- GET /healthz 200");
      f.get("/metrics", Fixture.OPERATOR);
      want.add("operator GET /metrics 200");
      f.get("/v1/learners/" + WorkedScenario.LEARNER + "/transcript", Fixture.LEARNER);
      want.add(
          "learner:"
              + WorkedScenario.LEARNER
              + " GET /v1/learners/"
              + WorkedScenario.LEARNER
              + "/transcript 200");
      f.get("/v1/entries/0", null);
      want.add("- GET /v1/entries/0 401");
      f.get("/v1/entries/0", Fixture.LEARNER);
      want.add("learner:" + WorkedScenario.LEARNER + " GET /v1/entries/0 403");
      f.send("DELETE", "/v1/checkpoint");
      want.add("- DELETE /v1/checkpoint 405");
      f.get("/v2/nothing", null);
      want.add("- GET /v2/nothing 404");
      byte[] big = new byte[ServerOptions.MAX_BODY + 1];
      java.util.Arrays.fill(big, (byte) ' ');
      f.post("/v1/statements", big);
      want.add("- POST /v1/statements 413");
      f.post("/v1/statements", "{".getBytes(StandardCharsets.UTF_8));
      want.add("- POST /v1/statements 400");
      checkpointSent = f.get("/v1/checkpoint", null).body().length;
      want.add("- GET /v1/checkpoint 200");

      // The line is written once the exchange is closed, which may be after the client has read
      // the answer.
      long deadline = System.nanoTime() + DEADLINE_NANOS;
      while (lines.list.size() < want.size() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
    }
    List<String> got = new ArrayList<>();
    List<String> malformed = new ArrayList<>();
    long checkpointLogged = -1;
    for (ILoggingEvent e : new ArrayList<>(lines.list)) {
      Matcher m = LINE.matcher(e.getFormattedMessage());
      if (!m.matches()) {
        malformed.add(e.getFormattedMessage());
        continue;
      }
      got.add(m.group(1) + " " + m.group(2) + " " + m.group(3) + " " + m.group(4));
      if (m.group(3).equals("/v1/checkpoint") && m.group(4).equals("200")) {
        checkpointLogged = Long.parseLong(m.group(5));
      }
      assertEquals(Level.INFO, e.getLevel());
    }
    assertEquals(List.of(), malformed);
    assertEquals(want, got);
    assertTrue(checkpointSent > 0);
    assertEquals(checkpointSent, checkpointLogged);
  }
}
