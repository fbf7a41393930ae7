package io.mpi4j.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Side-band segments within one process: a message copied out while it is copied in, pooled
 * segments reused once read, and a reader that fails, instead of waiting, when the segment is
 * malformed, the sender's copy failed, or the job fails while it waits for a chunk.
 */
@Timeout(60)
class ShmSidebandTest {
    private static final long SEQ = 5;

    private static MemorySegment pattern(Arena arena, long n, int seed) {
        MemorySegment s = arena.allocate(n, 8);
        for (long i = 0; i < n; i += 8) {
            s.set(ValueLayout.JAVA_LONG, i, i * 31 + seed);
        }
        return s;
    }

    private static ShmSidebandReader reader(Path dir, Runnable check) {
        return new ShmSidebandReader(dir, 1, 2, check::run);
    }

    @Test
    void aMessageIsCopiedOutWhileCopiedInAndItsPooledSegmentIsReused(@TempDir Path dir) throws Exception {
        long n = 10L << 20;
        try (Arena arena = Arena.ofShared(); ShmSideband out = new ShmSideband(dir, 0, 2);
                ShmSidebandReader in = reader(dir, () -> { })) {
            MemorySegment src = pattern(arena, n, 3);
            int firstSlot = -1;
            for (int round = 0; round < 3; round++) {
                ShmSideband.Out o = out.open(1, SEQ + round, n);
                assertTrue(o.slot() > 0, "a 10 MiB message is pooled");
                firstSlot = round == 0 ? o.slot() : firstSlot;
                assertEquals(firstSlot, o.slot(), "a read segment is reused");
                MemorySegment dst = arena.allocate(n, 8);
                long seq = SEQ + round;
                CompletableFuture<Void> reading = CompletableFuture.runAsync(
                        () -> in.read(0, o.slot(), seq, n, dst, n, new Backoff()));
                o.copyFrom(src, n);
                out.release(o);
                reading.get();
                assertEquals(-1, dst.mismatch(src), "round " + round);
            }
        }
    }

    @Test
    void aSegmentStillUnreadIsNotReusedAndABigMessageIsOneShot(@TempDir Path dir) throws Exception {
        try (Arena arena = Arena.ofConfined(); ShmSideband out = new ShmSideband(dir, 0, 2)) {
            ShmSideband.Out a = out.open(1, 1, 2L << 20);
            a.copyFrom(pattern(arena, 2L << 20, 1), 2L << 20);
            out.release(a);
            ShmSideband.Out b = out.open(1, 2, 2L << 20);
            assertTrue(b.slot() > 0 && b.slot() != a.slot(), "slot " + a.slot() + " is still unread");
            out.release(b);
            ShmSideband.Out c = out.open(1, 3, 65L << 20);
            assertEquals(0, c.slot(), "a message larger than the pool gets a one-shot file");
            out.release(c);
            assertTrue(Files.exists(dir.resolve("big").resolve(ShmRecord.sidebandName(0, 3))));
        }
    }

    @Test
    void aWaitForASenderThatDiedEndsWithTheJobsFailure(@TempDir Path dir) throws Exception {
        long n = 4L << 20;
        try (Arena arena = Arena.ofConfined(); ShmSideband out = new ShmSideband(dir, 0, 2)) {
            ShmSideband.Out o = out.open(1, SEQ, n); // a header and no payload: the sender died before copying
            long deadline = System.nanoTime() + 300_000_000L;
            MpiException e = assertThrows(MpiException.class, () -> reader(dir, () -> {
                if (System.nanoTime() - deadline > 0) {
                    throw new MpiException(ErrorClass.ERR_PROC_ABORTED, "rank 0 died");
                }
            }).read(0, o.slot(), SEQ, n, arena.allocate(n), n, new Backoff()));
            assertEquals(ErrorClass.ERR_PROC_ABORTED, e.errorClass());
        }
    }

    @Test
    void aFailedSenderCopyFailsTheReader(@TempDir Path dir) throws Exception {
        long n = 4L << 20;
        try (Arena arena = Arena.ofShared(); ShmSideband out = new ShmSideband(dir, 0, 2)) {
            ShmSideband.Out o = out.open(1, SEQ, n);
            MemorySegment tooShort = arena.allocate(n / 2);
            assertThrows(IndexOutOfBoundsException.class, () -> o.copyFrom(tooShort, n));
            MpiException e = assertThrows(MpiException.class,
                    () -> reader(dir, () -> { }).read(0, o.slot(), SEQ, n, arena.allocate(n), n, new Backoff()));
            assertEquals(ErrorClass.ERR_OTHER, e.errorClass(), e.getMessage());
        }
    }

    @Test
    void aRecordNamingAnotherMessageOrAMissingOrShortSegmentFailsWithErrIntern(@TempDir Path dir) throws Exception {
        long n = 4L << 20;
        try (Arena arena = Arena.ofConfined(); ShmSideband out = new ShmSideband(dir, 0, 2);
                ShmSidebandReader in = reader(dir, () -> { })) {
            ShmSideband.Out o = out.open(1, SEQ, n);
            o.copyFrom(pattern(arena, n, 0), n);
            out.release(o);
            MemorySegment dst = arena.allocate(8L << 20);
            for (Runnable bad : new Runnable[] {
                    () -> in.read(0, o.slot(), SEQ + 1, n, dst, n, new Backoff()), // another message
                    () -> in.read(0, o.slot() + 7, SEQ, n, dst, n, new Backoff()), // no such slot
                    () -> in.read(0, o.slot(), SEQ, 8L << 20, dst, 8L << 20, new Backoff()), // longer than the segment
                    () -> in.read(0, 0, 77, n, dst, n, new Backoff())}) { // no such one-shot file
                MpiException e = assertThrows(MpiException.class, bad::run);
                assertEquals(ErrorClass.ERR_INTERN, e.errorClass(), e.getMessage());
            }
        }
    }
}
