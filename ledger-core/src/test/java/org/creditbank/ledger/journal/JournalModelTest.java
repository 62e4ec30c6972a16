package org.creditbank.ledger.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.merkle.ProofVerifier;
import org.creditbank.ledger.note.Checkpoint;
import org.creditbank.ledger.note.NoteSigner;
import org.creditbank.ledger.note.SignedNote;
import org.creditbank.ledger.util.Bytes;
import org.creditbank.ledger.util.Hash;
import org.creditbank.ledger.util.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs random sequences of appends, repeats, conflicts, rejections, reopenings, clock changes and
 * proofs against a journal and a naive in-memory reference log built from docs/formats.md, and
 * checks after every step that the two agree.
 */
class JournalModelTest {
  static final NoteSigner SIGNER =
      NoteSigner.of("model.example/ledger", Ed25519PrivateKey.fromSeed(new byte[32]));

  static final long START_MILLIS = Instant.parse("2026-11-27T09:30:00Z").toEpochMilli();
  static final List<String> ACTORS = List.of("alice", "bob", "carol");
  static final String REFUSED = "refused";

  // ------------------------------------------------------------------ the system under test's bits

  /** A clock the test moves by hand, backwards as well as forwards. */
  static final class TestClock extends Clock {
    private final AtomicLong millis;

    TestClock(long millis) {
      this.millis = new AtomicLong(millis);
    }

    void set(long m) {
      millis.set(m);
    }

    long get() {
      return millis.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("fixed to UTC");
    }

    @Override
    public long millis() {
      return millis.get();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }
  }

  /** What the test state machine is handed with each statement. */
  record Cmd(boolean reject, long amount) {}

  /**
   * Refuses statements whose payload says so; for the others counts statements per actor, keeps the
   * last seq per actor (deleting it when the amount is a multiple of 5) and the total amount.
   */
  static final class CountingMachine implements StateMachine<Cmd> {
    private volatile String holdId;
    private volatile CountDownLatch entered;
    private volatile CountDownLatch release;

    /** Makes the sequencer wait in the statement with this id until {@code release} opens. */
    void hold(String id, CountDownLatch entered, CountDownLatch release) {
      this.entered = entered;
      this.release = release;
      this.holdId = id;
    }

    @Override
    public void apply(Entry<Cmd> entry, StateTxn state) throws RejectedException, StorageException {
      if (entry.submission().id().equals(holdId)) {
        holdId = null;
        entered.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      Cmd cmd = entry.submission().payload();
      String actor = entry.submission().actor();
      if (cmd.reject()) {
        throw new RejectedException(REFUSED, "statement " + entry.submission().id() + " refused");
      }
      Bytes countKey = key("count/" + actor);
      long count = state.get(countKey).map(JournalModelTest::toLong).orElse(0L);
      state.put(countKey, u64(count + 1));
      Bytes totalKey = key("total");
      long total = state.get(totalKey).map(JournalModelTest::toLong).orElse(0L);
      state.put(totalKey, u64(total + cmd.amount()));
      if (cmd.amount() % 5 == 0) {
        state.delete(key("last/" + actor));
      } else {
        state.put(key("last/" + actor), u64(entry.seq()));
      }
    }
  }

  static Bytes key(String s) {
    return Bytes.copyFrom(s.getBytes(StandardCharsets.UTF_8));
  }

  static Bytes u64(long v) {
    return Bytes.copyFrom(ByteBuffer.allocate(8).putLong(v).array());
  }

  static long toLong(Bytes b) {
    return ByteBuffer.wrap(b.toByteArray()).getLong();
  }

  // ------------------------------------------------------------------ the reference log

  /** A statement as the test submits it. */
  record Stmt(String actor, String id, long amount, boolean reject) {
    byte[] bytes() {
      // Members in RFC 8785 order: actor < amount < id < reject.
      return String.format(
              Locale.ROOT,
              "{\"actor\":\"%s\",\"amount\":%d,\"id\":\"%s\",\"reject\":%b}",
              actor,
              amount,
              id,
              reject)
          .getBytes(StandardCharsets.UTF_8);
    }

    Submission<Cmd> submission() {
      return new Submission<>(actor, id, Bytes.copyFrom(bytes()), new Cmd(reject, amount));
    }
  }

  record Rec(long seq, Bytes statement) {}

  /** The naive reference: leaves built from the documented layout, roots computed recursively. */
  static final class Model {
    final List<byte[]> leafBytes = new ArrayList<>();
    final List<Hash> leafHashes = new ArrayList<>();
    final List<Long> leafTimes = new ArrayList<>();
    final List<Hash> roots = new ArrayList<>(List.of(sha256()));
    final Map<String, Rec> ids = new HashMap<>();
    final Map<Bytes, Bytes> state = new HashMap<>();
    final Set<Bytes> touched = new HashSet<>();
    final Set<Long> checkpointSizes = new HashSet<>(Set.of(0L));
    long lastMillis;

    int size() {
      return leafBytes.size();
    }

    Hash root(long size) {
      return roots.get((int) size);
    }

    static String idKey(String actor, String id) {
      return actor + "\u0000" + id;
    }

    /** Appends an accepted statement at the given time; returns its leaf hash. */
    Hash append(Stmt s, long millis) {
      long seq = size();
      String prev =
          seq == 0 ? "0".repeat(64) : Hex.encode(leafHashes.get((int) seq - 1).toByteArray());
      byte[] head =
          String.format(Locale.ROOT, "{\"prev\":\"%s\",\"seq\":%d,\"statement\":", prev, seq)
              .getBytes(StandardCharsets.UTF_8);
      byte[] tail =
          String.format(Locale.ROOT, ",\"time\":\"%s\",\"v\":1}", time(millis))
              .getBytes(StandardCharsets.UTF_8);
      byte[] stmt = s.bytes();
      byte[] leaf =
          ByteBuffer.allocate(head.length + stmt.length + tail.length)
              .put(head)
              .put(stmt)
              .put(tail)
              .array();
      Hash h = sha256(new byte[] {0}, leaf);
      leafBytes.add(leaf);
      leafHashes.add(h);
      leafTimes.add(millis);
      roots.add(mth(0, leafHashes.size()));
      ids.put(idKey(s.actor(), s.id()), new Rec(seq, Bytes.copyFrom(stmt)));
      applyState(s, seq);
      return h;
    }

    private void applyState(Stmt s, long seq) {
      Bytes countKey = key("count/" + s.actor());
      put(
          countKey,
          u64(
              Optional.ofNullable(state.get(countKey)).map(JournalModelTest::toLong).orElse(0L)
                  + 1));
      Bytes totalKey = key("total");
      put(
          totalKey,
          u64(
              Optional.ofNullable(state.get(totalKey)).map(JournalModelTest::toLong).orElse(0L)
                  + s.amount()));
      Bytes lastKey = key("last/" + s.actor());
      touched.add(lastKey);
      if (s.amount() % 5 == 0) {
        state.remove(lastKey);
      } else {
        state.put(lastKey, u64(seq));
      }
    }

    private void put(Bytes k, Bytes v) {
      touched.add(k);
      state.put(k, v);
    }

    /** MTH(D[lo:hi]) of RFC 6962 §2.1, straight from the definition. */
    Hash mth(int lo, int hi) {
      int n = hi - lo;
      if (n == 1) {
        return leafHashes.get(lo);
      }
      int k = Integer.highestOneBit(n - 1);
      return sha256(new byte[] {1}, mth(lo, lo + k).toByteArray(), mth(lo + k, hi).toByteArray());
    }

    static Hash sha256(byte[]... parts) {
      return Hash.sha256(parts);
    }

    static String time(long millis) {
      OffsetDateTime t = Instant.ofEpochMilli(millis).atOffset(ZoneOffset.UTC);
      return String.format(
          Locale.ROOT,
          "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
          t.getYear(),
          t.getMonthValue(),
          t.getDayOfMonth(),
          t.getHour(),
          t.getMinute(),
          t.getSecond(),
          t.getNano() / 1_000_000);
    }
  }

  // ------------------------------------------------------------------ actions

  enum Kind {
    NEW,
    DUPLICATE,
    CONFLICT,
    REJECTED,
    BATCH,
    REOPEN,
    CLOCK,
    INCLUSION,
    CONSISTENCY
  }

  /** One step; {@code a}, {@code b}, {@code c} pick actors, entries, sizes and clock moves. */
  record Step(Kind kind, int a, int b, int c) {}

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Kind> kinds =
        Arbitraries.frequency(
            net.jqwik.api.Tuple.of(8, Kind.NEW),
            net.jqwik.api.Tuple.of(2, Kind.DUPLICATE),
            net.jqwik.api.Tuple.of(2, Kind.CONFLICT),
            net.jqwik.api.Tuple.of(2, Kind.REJECTED),
            net.jqwik.api.Tuple.of(2, Kind.BATCH),
            net.jqwik.api.Tuple.of(1, Kind.REOPEN),
            net.jqwik.api.Tuple.of(2, Kind.CLOCK),
            net.jqwik.api.Tuple.of(3, Kind.INCLUSION),
            net.jqwik.api.Tuple.of(3, Kind.CONSISTENCY));
    Arbitrary<Integer> ints = Arbitraries.integers().between(0, 1_000_000);
    Arbitrary<Step> step = Combinators.combine(kinds, ints, ints, ints).as(Step::new);
    return step.list().ofMinSize(10).ofMaxSize(40);
  }

  @Property(tries = 30)
  void journal_randomActions_agreesWithReferenceModel(
      @ForAll("steps") List<Step> steps, @ForAll("groups") int maxGroup) throws Exception {
    Path tmp = Files.createTempDirectory("journal-model");
    try {
      new Run(tmp.resolve("ledger"), maxGroup).run(steps);
    } finally {
      deleteTree(tmp);
    }
  }

  @Provide
  Arbitrary<Integer> groups() {
    return Arbitraries.of(1, 2, 64);
  }

  /** One try: a journal, its reference model, and the steps applied to both. */
  static final class Run {
    final Path dir;
    final TestClock clock = new TestClock(START_MILLIS);
    final JournalOptions options;
    CountingMachine machine = new CountingMachine();
    final Model model = new Model();
    Journal<Cmd> journal;
    int nextId;

    Run(Path dir, int maxGroup) {
      this.dir = dir;
      this.options = JournalOptions.DEFAULT.withClock(clock).withMaxGroup(maxGroup);
    }

    void run(List<Step> steps) throws Exception {
      journal = Journal.create(dir, SIGNER, machine, options);
      try {
        checkAll();
        for (Step step : steps) {
          apply(step);
          checkAll();
        }
      } finally {
        journal.close();
      }
    }

    Stmt fresh(int a, boolean reject) {
      return new Stmt(ACTORS.get(a % ACTORS.size()), "i" + nextId++, a % 23, reject);
    }

    long groupMillis() {
      return Math.max(clock.get(), model.lastMillis);
    }

    void apply(Step step) throws Exception {
      switch (step.kind()) {
        case NEW -> appendNew(fresh(step.a(), false));
        case REJECTED -> {
          Stmt s = fresh(step.a(), true);
          RejectedException e =
              assertThrows(RejectedException.class, () -> journal.append(s.submission()));
          assertEquals(REFUSED, e.code());
          assertEquals("statement " + s.id() + " refused", e.getMessage());
          assertEquals(OptionalLong.empty(), journal.find(s.actor(), s.id()));
        }
        case DUPLICATE -> {
          if (model.ids.isEmpty()) {
            appendNew(fresh(step.a(), false));
            return;
          }
          Map.Entry<String, Rec> e = pick(step.b());
          String[] ai = e.getKey().split("\u0000", 2);
          Submission<Cmd> sub =
              new Submission<>(ai[0], ai[1], e.getValue().statement(), new Cmd(false, 1));
          Receipt r = journal.append(sub);
          assertTrue(r.repeat(), "repeat flag");
          checkReceipt(r, e.getValue().seq());
        }
        case CONFLICT -> {
          if (model.ids.isEmpty()) {
            appendNew(fresh(step.a(), false));
            return;
          }
          Map.Entry<String, Rec> e = pick(step.b());
          String[] ai = e.getKey().split("\u0000", 2);
          Stmt other = new Stmt(ai[0], ai[1], 1000 + step.c() % 7, false);
          RejectedException ex =
              assertThrows(RejectedException.class, () -> journal.append(other.submission()));
          assertEquals(RejectedException.DUPLICATE_ID, ex.code());
          assertEquals(
              String.format(
                  Locale.ROOT,
                  "statement id %s of actor %s is already used by seq %d for a different statement",
                  ai[1],
                  ai[0],
                  e.getValue().seq()),
              ex.getMessage());
        }
        case BATCH -> batch(step);
        case REOPEN -> {
          journal.close();
          machine = new CountingMachine();
          journal = Journal.open(dir, SIGNER, machine, options);
        }
        case CLOCK -> clock.set(clock.get() + (step.a() % 10_001) - 6_000);
        case INCLUSION -> {
          int n = model.size();
          if (n == 0) {
            return;
          }
          int size = 1 + step.a() % n;
          int seq = step.b() % size;
          List<Hash> proof = journal.inclusionProof(seq, size);
          ProofVerifier.verifyInclusion(
              seq, size, model.leafHashes.get(seq), proof, model.root(size));
        }
        case CONSISTENCY -> {
          int n = model.size();
          if (n == 0) {
            return;
          }
          int size2 = 1 + step.a() % n;
          int size1 = 1 + step.b() % size2;
          List<Hash> proof = journal.consistencyProof(size1, size2);
          ProofVerifier.verifyConsistency(
              size1, size2, proof, model.root(size1), model.root(size2));
        }
      }
    }

    Map.Entry<String, Rec> pick(int b) {
      List<Map.Entry<String, Rec>> all = new ArrayList<>(new TreeMap<>(model.ids).entrySet());
      return all.get(b % all.size());
    }

    void appendNew(Stmt s) throws Exception {
      long millis = groupMillis();
      Receipt r = journal.append(s.submission());
      assertFalse(r.repeat(), "repeat flag");
      Hash want = model.append(s, millis);
      model.lastMillis = millis;
      model.checkpointSizes.add((long) model.size());
      assertEquals(want, r.leafHash(), "leaf hash");
      checkReceipt(r, model.size() - 1);
      assertEquals(model.size(), r.tree().size(), "receipt's tree size");
    }

    /**
     * Submits several statements (new, refused, one twice, one conflicting) while the sequencer is
     * held on the first, so that the others wait in the queue, in submission order, and are
     * sequenced together, up to the group limit.
     */
    void batch(Step step) throws Exception {
      int k = 2 + step.a() % 4;
      List<Stmt> stmts = new ArrayList<>();
      for (int i = 0; i < k; i++) {
        stmts.add(fresh(step.b() + i, (step.c() >> i) % 5 == 0));
      }
      List<Stmt> submitted = new ArrayList<>(stmts);
      Stmt twice = stmts.get(k - 1);
      if (!twice.reject()) {
        submitted.add(twice); // the same statement twice in flight
      }
      Stmt original = stmts.get(step.c() % k);
      Stmt conflict = null;
      if (!original.reject()) {
        conflict = new Stmt(original.actor(), original.id(), original.amount() + 1, false);
        submitted.add(conflict);
      }
      long millis = groupMillis();
      CountDownLatch entered = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      machine.hold(stmts.get(0).id(), entered, release);
      List<CompletableFuture<Receipt>> futures = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (Stmt s : submitted) {
        CompletableFuture<Receipt> f = new CompletableFuture<>();
        Thread t =
            new Thread(
                () -> {
                  try {
                    f.complete(journal.append(s.submission()));
                  } catch (Exception | Error e) {
                    f.completeExceptionally(e);
                  }
                });
        futures.add(f);
        threads.add(t);
        t.start();
        if (threads.size() == 1) {
          entered.await();
        } else {
          // A caller parks on its result only once its submission is queued.
          while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TERMINATED) {
            Thread.onSpinWait();
          }
        }
      }
      release.countDown();
      for (Thread t : threads) {
        t.join();
      }
      Map<Long, Stmt> bySeq = new TreeMap<>();
      List<Receipt> receipts = new ArrayList<>();
      for (int i = 0; i < submitted.size(); i++) {
        Stmt s = submitted.get(i);
        if (s.reject() || (i == submitted.size() - 1 && conflict != null)) {
          ExecutionException e = assertThrows(ExecutionException.class, futures.get(i)::get);
          RejectedException re = assertInstanceOfRejected(e.getCause());
          assertEquals(s.reject() ? REFUSED : RejectedException.DUPLICATE_ID, re.code());
          continue;
        }
        Receipt r = futures.get(i).get();
        receipts.add(r);
        assertEquals(i >= k, r.repeat(), "repeat flag of submission " + i);
        if (!r.repeat()) {
          Stmt before = bySeq.put(r.seq(), s);
          assertEquals(null, before, "two statements got seq " + r.seq());
        }
      }
      long expectSeq = model.size();
      Map<Long, Hash> hashes = new HashMap<>();
      for (Map.Entry<Long, Stmt> e : bySeq.entrySet()) {
        assertEquals(expectSeq++, (long) e.getKey(), "seqs of a batch are contiguous");
        hashes.put(e.getKey(), model.append(e.getValue(), millis));
      }
      if (!bySeq.isEmpty()) {
        model.lastMillis = millis;
      }
      for (Receipt r : receipts) {
        assertEquals(hashes.get(r.seq()), r.leafHash(), "leaf hash of seq " + r.seq());
        assertTrue(r.tree().size() > r.seq() && r.tree().size() <= model.size(), "tree size");
        checkReceipt(r, r.seq());
        model.checkpointSizes.add(r.tree().size());
      }
    }

    static RejectedException assertInstanceOfRejected(Throwable t) {
      if (t instanceof RejectedException re) {
        return re;
      }
      return fail("want a RejectedException, got " + t);
    }

    void checkReceipt(Receipt r, long seq) throws Exception {
      assertEquals(seq, r.seq(), "receipt seq");
      assertEquals(model.leafHashes.get((int) seq), r.leafHash(), "receipt leaf hash");
      Checkpoint cp = r.tree();
      assertEquals(SIGNER.name(), cp.origin());
      assertEquals(model.root(cp.size()), cp.root(), "receipt root at size " + cp.size());
      assertEquals(cp, Checkpoint.parse(r.checkpoint().text()));
      r.checkpoint().verify(SIGNER.verifier());
      ProofVerifier.verifyInclusion(
          r.seq(), cp.size(), r.leafHash(), r.inclusionProof(), cp.root());
    }

    void checkAll() throws Exception {
      int n = model.size();
      assertEquals(n, journal.size(), "size");
      assertEquals(model.root(n), journal.root(), "root");
      SignedNote latest = journal.latestCheckpoint();
      latest.verify(SIGNER.verifier());
      assertEquals(
          new Checkpoint(SIGNER.name(), n, model.root(n), List.of()),
          Checkpoint.parse(latest.text()));
      long lastMillis = Long.MIN_VALUE;
      try (LeafCursor c = journal.leaves(0, n)) {
        for (int seq = 0; seq < n; seq++) {
          assertTrue(c.advance(), "cursor ends early at " + seq);
          Leaf leaf = c.leaf();
          assertArrayEquals(model.leafBytes.get(seq), leaf.bytes().toByteArray(), "leaf " + seq);
          assertEquals(model.leafHashes.get(seq), leaf.hash(), "leaf hash " + seq);
          assertEquals(seq, leaf.seq());
          long millis = leaf.time().toEpochMilli();
          assertTrue(millis >= lastMillis, "leaf time went backwards at " + seq);
          lastMillis = millis;
        }
        assertFalse(c.advance(), "cursor goes beyond the size");
      }
      if (n > 0) {
        int seq = nextId % n;
        assertArrayEquals(model.leafBytes.get(seq), journal.leaf(seq).bytes().toByteArray());
        int size = 1 + (nextId * 7) % n;
        assertEquals(model.root(size), journal.rootAt(size), "rootAt " + size);
      }
      for (Map.Entry<String, Rec> e : model.ids.entrySet()) {
        String[] ai = e.getKey().split("\u0000", 2);
        assertEquals(OptionalLong.of(e.getValue().seq()), journal.find(ai[0], ai[1]), e.getKey());
      }
      for (Bytes k : model.touched) {
        assertEquals(Optional.ofNullable(model.state.get(k)), journal.state().get(k), "state " + k);
      }
      for (long s = 0; s <= n; s++) {
        Optional<SignedNote> note = journal.checkpoint(s);
        assertEquals(model.checkpointSizes.contains(s), note.isPresent(), "checkpoint at " + s);
        if (note.isPresent()) {
          note.get().verify(SIGNER.verifier());
          Checkpoint cp = Checkpoint.parse(note.get().text());
          assertEquals(s, cp.size());
          assertEquals(model.root(s), cp.root());
        }
      }
    }
  }

  // ------------------------------------------------------------------ examples

  @Test
  void append_clockGoesBackwards_leafTimeDoesNot(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("ledger");
    TestClock clock = new TestClock(START_MILLIS);
    JournalOptions options = JournalOptions.DEFAULT.withClock(clock);
    try (Journal<Cmd> j = Journal.create(dir, SIGNER, new CountingMachine(), options)) {
      j.append(new Stmt("alice", "1", 1, false).submission());
      clock.set(START_MILLIS - 60_000);
      j.append(new Stmt("alice", "2", 1, false).submission());
      assertEquals(Instant.ofEpochMilli(START_MILLIS), j.leaf(1).time());
    }
    clock.set(START_MILLIS - 3_600_000);
    try (Journal<Cmd> j = Journal.open(dir, SIGNER, new CountingMachine(), options)) {
      j.append(new Stmt("alice", "3", 1, false).submission());
      assertEquals(Instant.ofEpochMilli(START_MILLIS), j.leaf(2).time());
      clock.set(START_MILLIS + 1);
      j.append(new Stmt("alice", "4", 1, false).submission());
      assertEquals(Instant.ofEpochMilli(START_MILLIS + 1), j.leaf(3).time());
      assertEquals(
          "{\"prev\":\""
              + j.leaf(2).hash().toHex()
              + "\",\"seq\":3,\"statement\":"
              + new String(new Stmt("alice", "4", 1, false).bytes(), StandardCharsets.UTF_8)
              + ",\"time\":\"2026-11-27T09:30:00.001Z\",\"v\":1}",
          new String(j.leaf(3).bytes().toByteArray(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void append_refusedStatement_leavesNoStateAndNoId(@TempDir Path tmp) throws Exception {
    TestClock clock = new TestClock(START_MILLIS);
    try (Journal<Cmd> j =
        Journal.create(
            tmp.resolve("l"),
            SIGNER,
            new CountingMachine(),
            JournalOptions.DEFAULT.withClock(clock))) {
      Stmt s = new Stmt("bob", "x", 3, true);
      assertThrows(RejectedException.class, () -> j.append(s.submission()));
      assertEquals(0, j.size());
      assertEquals(Optional.empty(), j.state().get(key("count/bob")));
      assertEquals(Optional.empty(), j.state().get(key("total")));
      Receipt r = j.append(new Stmt("bob", "x", 3, false).submission());
      assertEquals(0, r.seq());
      assertNotNull(j.state().get(key("count/bob")).orElse(null));
      assertEquals(1L, toLong(j.state().get(key("count/bob")).orElseThrow()));
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
