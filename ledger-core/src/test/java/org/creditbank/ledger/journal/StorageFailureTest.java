package org.creditbank.ledger.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.creditbank.ledger.CreditLedger;
import org.creditbank.ledger.audit.AuditOptions;
import org.creditbank.ledger.audit.AuditReport;
import org.creditbank.ledger.audit.LedgerAuditor;
import org.creditbank.ledger.demo.WorkedScenario;
import org.creditbank.ledger.merkle.ProofVerifier;
import org.creditbank.ledger.note.SignedNote;
import org.creditbank.ledger.util.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * When RocksDB cannot write, a submission fails with a {@link StorageException}, nothing of the
 * failed group becomes visible, nothing acknowledged is lost, the journal refuses appends until it
 * is reopened, and the reopened ledger continues and audits clean (docs/operations.md, "Storage
 * failures and crashes").
 *
 * <p>{@link #submit_diskFull_refusedUntilReopenedThenContinues} fills a real 16 MiB tmpfs where the
 * test may mount one (as root, where mounting is permitted) and injects the failure otherwise;
 * {@link #submit_writeFailureInjected_refusedUntilReopenedThenContinues} always injects it, so that
 * every machine runs the same checks. Each takes about two seconds.
 */
@Timeout(120)
class StorageFailureTest {
  private static final String NO_SPACE =
      "storage write failed: While appending to file: 000004.log: No space left on device"
          + " (injected)";

  @TempDir Path tmp;

  /** Makes writes fail, and work again. */
  private interface Disk extends AutoCloseable {
    void fill(CreditLedger ledger) throws IOException;

    void free(CreditLedger ledger) throws IOException;

    @Override
    void close() throws IOException;
  }

  /** Throws from the journal's write path as RocksDB does when the disk is full. */
  private static final class InjectedDisk implements Disk {
    @Override
    public void fill(CreditLedger ledger) {
      ledger.journal().writeHook =
          () -> {
            throw new StorageException(NO_SPACE);
          };
    }

    @Override
    public void free(CreditLedger ledger) {
      ledger.journal().writeHook = () -> {};
    }

    @Override
    public void close() {}
  }

  /** A small tmpfs, filled with a file of zeros to the last byte; removing the file frees it. */
  private static final class TmpfsDisk implements Disk {
    private final Path mount;
    private final Path filler;

    TmpfsDisk(Path mount) {
      this.mount = mount;
      this.filler = mount.resolve("filler");
    }

    @Override
    public void fill(CreditLedger ledger) throws IOException {
      byte[] block = new byte[4096];
      try (OutputStream out = Files.newOutputStream(filler)) {
        while (true) {
          out.write(block);
        }
      } catch (IOException e) {
        // ENOSPC: full, as intended.
      }
      assertTrue(Files.size(filler) > 0, "the filler file got no bytes");
    }

    @Override
    public void free(CreditLedger ledger) throws IOException {
      Files.deleteIfExists(filler);
    }

    @Override
    public void close() throws IOException {
      run("umount", mount.toString());
    }
  }

  private static int run(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return -1;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      return -1;
    }
    if (p.exitValue() != 0) {
      System.out.println(String.join(" ", command) + ": exit " + p.exitValue() + ": " + out);
    }
    return p.exitValue();
  }

  /** A real full disk where this machine lets the test mount a tmpfs, else injected failures. */
  private Disk smallDisk(Path mount) throws IOException {
    Files.createDirectories(mount);
    int exit;
    try {
      exit = run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", mount.toString());
    } catch (IOException e) {
      exit = -1;
      System.out.println("cannot run mount: " + e.getMessage());
    }
    if (exit == 0) {
      System.out.println("disk full: a real 16 MiB tmpfs at " + mount);
      return new TmpfsDisk(mount);
    }
    System.out.println("disk full: cannot mount a tmpfs here, injecting write failures instead");
    return new InjectedDisk();
  }

  @Test
  void submit_diskFull_refusedUntilReopenedThenContinues() throws Exception {
    Path mount = tmp.resolve("disk");
    try (Disk disk = smallDisk(mount)) {
      check(mount.resolve("ledger"), disk);
    }
  }

  @Test
  void submit_writeFailureInjected_refusedUntilReopenedThenContinues() throws Exception {
    try (Disk disk = new InjectedDisk()) {
      check(tmp.resolve("ledger"), disk);
    }
  }

  private static void check(Path dir, Disk disk) throws Exception {
    WorkedScenario s = new WorkedScenario();
    List<Receipt> acknowledged = new ArrayList<>();
    long sizeBefore;
    Hash rootBefore;
    Hash stateBefore;
    SignedNote checkpointBefore;
    List<byte[]> failed = new ArrayList<>();
    try (CreditLedger ledger =
        CreditLedger.create(dir, s.checkpointSigner(), s.genesis(), JournalOptions.DEFAULT)) {
      acknowledged.addAll(s.run(ledger, line -> {}));
      for (int i = 0; i < 5; i++) {
        acknowledged.add(ledger.submit(s.extraCourse("SF-before-" + i)));
      }
      Journal<?> j = ledger.journal();
      sizeBefore = j.size();
      rootBefore = j.root();
      stateBefore = j.stateDigest();
      checkpointBefore = j.latestCheckpoint();

      disk.fill(ledger);
      // A group of concurrent submissions, then one alone: every one is refused. On a real disk
      // RocksDB may still have room for a write or two (preallocated WAL space), so submit until
      // one fails and count what got through as acknowledged.
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<byte[]> group = new ArrayList<>();
        List<Future<Receipt>> fs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          byte[] st = s.extraCourse("SF-full-" + i);
          group.add(st);
          fs.add(pool.submit(() -> ledger.submit(st)));
        }
        for (int i = 0; i < fs.size(); i++) {
          try {
            acknowledged.add(fs.get(i).get());
          } catch (java.util.concurrent.ExecutionException e) {
            assertTrue(e.getCause() instanceof StorageException, e.getCause().toString());
            failed.add(group.get(i));
          }
        }
      } finally {
        pool.shutdownNow();
      }
      for (int i = 0; failed.isEmpty() && i < 10_000; i++) {
        byte[] st = s.extraCourse("SF-more-" + i);
        try {
          acknowledged.add(ledger.submit(st));
        } catch (StorageException e) {
          failed.add(st);
        }
      }
      assertFalse(failed.isEmpty(), "no write failed on the full disk");
      System.out.println(
          "refused " + failed.size() + " after " + acknowledged.size() + " acknowledged");
      StorageException first =
          assertThrows(StorageException.class, () -> ledger.submit(failed.get(0)));
      assertTrue(
          first.getMessage().startsWith("the journal stopped appending after a storage failure;"),
          first.getMessage());
      System.out.println("then: " + first.getMessage());
      assertTrue(first.getMessage().contains("No space left on device"), first.getMessage());

      // Nothing of a refused group is visible: size, root, checkpoint, state and id index are as
      // the last acknowledged receipt left them.
      long acked = acknowledged.get(acknowledged.size() - 1).tree().size();
      if (acked == sizeBefore) {
        assertEquals(rootBefore, j.root());
        assertEquals(stateBefore, j.stateDigest());
        assertEquals(checkpointBefore, j.latestCheckpoint());
      }
      assertEquals(acked, j.size());
      for (byte[] st : failed) {
        String id = ledger.check(st).statement().id();
        assertEquals(
            java.util.OptionalLong.empty(), j.find(WorkedScenario.COLLEGE, id), "id " + id);
      }
      // Reads still work, and an audit of the directory agrees with them.
      AuditReport during = LedgerAuditor.audit(dir, s.checkpointSigner().verifier(), audit());
      assertEquals(acked, during.entries());

      // Writing works again, but this journal stays closed for appends: a failed write may or may
      // not have reached the log, and only reopening reads back which.
      disk.free(ledger);
      StorageException still =
          assertThrows(StorageException.class, () -> ledger.submit(failed.get(0)));
      assertTrue(
          still.getMessage().startsWith("the journal stopped appending after a storage failure;"),
          still.getMessage());
      assertEquals(acked, j.size());
    }

    try (CreditLedger ledger =
        CreditLedger.open(dir, s.checkpointSigner(), JournalOptions.DEFAULT)) {
      Journal<?> j = ledger.journal();
      long size = j.size();
      assertTrue(size >= acknowledged.get(acknowledged.size() - 1).tree().size());
      // Everything acknowledged is there, with the same seq and leaf hash, in a log consistent with
      // every checkpoint handed out.
      for (Receipt r : acknowledged) {
        assertEquals(r.leafHash(), j.leaf(r.seq()).hash(), "seq " + r.seq());
        ProofVerifier.verifyConsistency(
            r.tree().size(),
            size,
            j.consistencyProof(r.tree().size(), size),
            r.tree().root(),
            j.root());
      }
      // The refused statements: submitted again, each gets one entry (its original one if the
      // failed write did reach the log), and the ledger goes on from the stored head.
      for (byte[] st : failed) {
        Receipt r = ledger.submit(st);
        Receipt again = ledger.submit(st);
        assertTrue(again.repeat());
        assertEquals(r.seq(), again.seq());
        assertEquals(r.leafHash(), again.leafHash());
      }
      Receipt next = ledger.submit(s.extraCourse("SF-after"));
      assertEquals(j.size() - 1, next.seq());
      assertFalse(next.repeat());
    }
    AuditReport after = LedgerAuditor.audit(dir, s.checkpointSigner().verifier(), audit());
    assertTrue(after.entries() > acknowledged.size());
  }

  private static AuditOptions audit() {
    return AuditOptions.defaults().withThreads(2);
  }
}
