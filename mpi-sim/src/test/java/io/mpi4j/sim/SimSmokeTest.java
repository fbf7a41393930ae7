package io.mpi4j.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Buf;
import io.mpi4j.DeadlockException;
import io.mpi4j.RankFailedException;
import io.mpi4j.Mpi;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SimSmokeTest {
    @Test
    void ring() {
        List<Integer> got = Sim.run(4, world -> {
            int rank = world.rank(), n = world.size();
            int[] in = new int[1];
            world.sendrecv(Buf.of(new int[] {rank}), (rank + 1) % n, 0, Buf.of(in), (rank + n - 1) % n, 0);
            return in[0];
        });
        assertEquals(List.of(3, 0, 1, 2), got);
    }

    @Test
    void deadlock() {
        DeadlockException e = assertThrows(DeadlockException.class, () -> Sim.exec(2, world -> {
            int[] x = new int[1];
            world.recv(x, 1 - world.rank(), 42);
        }));
        System.out.println(e.getMessage());
        assertTrue(e.getMessage().contains("rank 1 blocked in recv(source=0, tag=42, comm=WORLD)"), e.getMessage());
        assertTrue(e.getMessage().contains("wait-for cycle"), e.getMessage());
    }

    @Test
    void failurePropagates() {
        RankFailedException e = assertThrows(RankFailedException.class, () -> Sim.exec(3, world -> {
            if (world.rank() == 1) {
                throw new IllegalStateException("boom");
            }
            world.recv(new int[1], Mpi.ANY_SOURCE, 0);
        }));
        System.out.println(e.getMessage());
        assertEquals(1, e.rank());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"16,true", "16,false", "1048576,true", "1048576,false"})
    void confinedSegmentsOnBothSides(int bytes, boolean receiverFirst) {
        Sim.exec(2, world -> {
            try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
                java.lang.foreign.MemorySegment seg = arena.allocate(bytes);
                if (world.rank() == 0) {
                    for (int i = 0; i < bytes; i++) {
                        seg.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) i);
                    }
                    if (receiverFirst) {
                        world.recv(new int[0], 1, 9); // wait until the receive is posted
                    }
                    world.send(Buf.of(seg), 1, 0);
                } else {
                    io.mpi4j.Request<io.mpi4j.Status> r = world.irecv(Buf.of(seg), 0, 0);
                    if (receiverFirst) {
                        world.send(new int[0], 0, 9);
                    }
                    assertEquals(bytes, r.await().byteCount());
                    for (int i = 0; i < bytes; i++) {
                        assertEquals((byte) i, seg.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i));
                    }
                }
            }
        });
    }

    /** The level provided is the level asked for, as under Open MPI and MPICH (and native), though sim could give more. */
    @Test
    void theThreadLevelProvidedIsTheOneAskedFor() {
        Sim.builder().ranks(2).build().launch(rank -> {
            io.mpi4j.ThreadLevel asked = rank == 0 ? io.mpi4j.ThreadLevel.SINGLE : io.mpi4j.ThreadLevel.SERIALIZED;
            try (Mpi mpi = Mpi.init(io.mpi4j.MpiOptions.builder().threadLevel(asked).build())) {
                assertEquals(asked, mpi.threadLevel());
            }
        });
        try (Mpi mpi = Mpi.init(io.mpi4j.MpiOptions.builder().threadLevel(io.mpi4j.ThreadLevel.FUNNELED).build())) {
            assertEquals(io.mpi4j.ThreadLevel.FUNNELED, mpi.threadLevel());
        }
    }

    @Test
    void rankThreadsJoinTheirJobEvenWhenAnotherProviderIsConfigured() {
        String previous = System.getProperty("mpi4j.provider");
        System.setProperty("mpi4j.provider", "shm");
        try {
            Sim.builder().ranks(2).build().launch(rank -> {
                try (Mpi mpi = Mpi.init()) {
                    assertEquals("sim", mpi.provider());
                    assertEquals(2, mpi.world().size());
                    assertEquals(rank, mpi.world().rank());
                }
            });
        } finally {
            if (previous == null) {
                System.clearProperty("mpi4j.provider");
            } else {
                System.setProperty("mpi4j.provider", previous);
            }
        }
    }

    @Test
    void abortReportsTheRankAndCode() {
        RankFailedException e = assertThrows(RankFailedException.class, () -> Sim.exec(2, world -> {
            if (world.rank() == 1) {
                world.abort(7);
            }
            world.recv(new int[1], 1, 0);
        }));
        assertEquals(1, e.rank());
        assertEquals(7, e.exitCode());
        assertEquals("rank 1 called abort(7)", e.getMessage());
    }

    @Test
    void typeSignaturesAreCheckedWhenAskedFor() {
        RankFailedException e = assertThrows(RankFailedException.class, () -> Sim.builder().ranks(2).checkTypes(true).build().exec(world -> {
            if (world.rank() == 0) {
                world.send(new int[2], 1, 0);
                world.send(new int[2], 1, 1);
            } else {
                world.recv(Buf.of(new byte[8]), 0, 0); // BYTE matches anything
                world.recv(new float[2], 0, 1);
            }
        }));
        io.mpi4j.MpiException cause = (io.mpi4j.MpiException) e.getCause();
        assertEquals(io.mpi4j.ErrorClass.ERR_TYPE, cause.errorClass());
        assertTrue(cause.getMessage().contains("sent as INT but is received as FLOAT"), cause.getMessage());
        // the same inside a collective run as point-to-point messages names the collective, not a receive
        RankFailedException c = assertThrows(RankFailedException.class, () -> Sim.builder().ranks(2).checkTypes(true)
                .collectives(CollectiveAlgorithms.POINT_TO_POINT).build().exec(world ->
                        world.bcast(world.rank() == 0 ? Buf.of(new int[2]) : Buf.of(new float[2]), 0)));
        assertTrue(c.getCause().getMessage().startsWith("a collective on WORLD (run as point-to-point messages): its message from rank 0"
                + " was sent as INT but is received as FLOAT"), c.getCause().getMessage());
    }
    /** As on native (MPI-4.1 §11.2.2): a rank that has closed an {@code Mpi} cannot initialize again. */
    @Test
    void aRankCannotInitializeAgainAfterClosing() {
        Sim.exec(2, world -> {
            Mpi again = Mpi.init();
            again.close();
            io.mpi4j.MpiException e = assertThrows(io.mpi4j.MpiException.class, () -> Mpi.init());
            assertEquals(io.mpi4j.ErrorClass.ERR_OTHER, e.errorClass());
            assertTrue(e.getMessage().contains("cannot initialize again"), e.getMessage());
        });
    }

    /** As on native (MPI-4.1 §11.2.2): after close only the version queries answer. */
    @Test
    void callsAfterCloseRaiseErrOther() {
        Sim.exec(2, world -> {
            Mpi mpi = Mpi.init();
            mpi.close();
            for (org.junit.jupiter.api.function.Executable call : java.util.List.<org.junit.jupiter.api.function.Executable>of(
                    mpi::wtime, mpi::wtick, mpi::processorName, () -> mpi.world().rank(), () -> mpi.world().barrier())) {
                io.mpi4j.MpiException e = assertThrows(io.mpi4j.MpiException.class, call);
                assertEquals(io.mpi4j.ErrorClass.ERR_OTHER, e.errorClass());
            }
            assertTrue(mpi.libraryVersion().contains("sim"));
            mpi.version();
        });
    }

    /**
     * With the thread-level check, a rank that asked for FUNNELED and calls MPI from a second
     * thread fails, naming both threads (sim is thread-safe and would let it pass); SERIALIZED
     * allows it; the API's own threads (a portable nonblocking intercommunicator collective, the
     * callbacks of a request's future) are not the program's and pass at FUNNELED.
     */
    @Test
    void theThreadLevelCheckRefusesCallsFromOtherThreadsBelowSerialized() throws Exception {
        RankFailedException e = assertThrows(RankFailedException.class, () -> Sim.builder().ranks(2)
                .threadLevel(io.mpi4j.ThreadLevel.FUNNELED).checkThreadLevel(true).build().exec(world -> {
                    RuntimeException failed = onThread("worker", world::barrier);
                    if (failed != null) {
                        throw failed;
                    }
                }));
        io.mpi4j.MpiException cause = (io.mpi4j.MpiException) e.getCause();
        assertEquals(io.mpi4j.ErrorClass.ERR_OTHER, cause.errorClass());
        assertTrue(cause.getMessage().contains("barrier: called from thread 'worker', but MPI was initialized at ThreadLevel.FUNNELED"),
                cause.getMessage());

        // a wait is an MPI call too (MPI_Wait)
        RankFailedException w = assertThrows(RankFailedException.class, () -> Sim.builder().ranks(1)
                .threadLevel(io.mpi4j.ThreadLevel.FUNNELED).checkThreadLevel(true).build().exec(world -> {
                    io.mpi4j.Request<io.mpi4j.Status> r = world.irecv(Buf.of(new int[1]), 0, 0);
                    world.send(new int[1], 0, 0);
                    RuntimeException failed = onThread("waiter", r::await);
                    r.await();
                    if (failed != null) {
                        throw failed;
                    }
                }));
        assertTrue(w.getCause().getMessage().startsWith("wait: called from thread 'waiter'"), w.getCause().getMessage());

        List<Integer> serialized = Sim.builder().ranks(2).threadLevel(io.mpi4j.ThreadLevel.SERIALIZED).checkThreadLevel(true).build()
                .run(world -> {
                    int[] sum = new int[1];
                    Thread t = Thread.ofPlatform().start(() -> world.allreduce(Buf.of(new int[] {1}), Buf.of(sum), io.mpi4j.Op.SUM));
                    t.join();
                    return sum[0];
                });
        assertEquals(List.of(2, 2), serialized);

        List<Integer> own = Sim.builder().ranks(2).threadLevel(io.mpi4j.ThreadLevel.FUNNELED).checkThreadLevel(true).build()
                .run(world -> {
                    int me = world.rank();
                    world.send(new int[] {10 + me}, 1 - me, 4); // eager
                    int[] got = new int[1];
                    int viaFuture = world.irecv(Buf.of(got), 1 - me, 4).toCompletableFuture().thenApply(st -> got[0]).join();
                    try (io.mpi4j.Intracomm half = world.split(me, 0).orElseThrow();
                            io.mpi4j.Intercomm inter = half.createIntercomm(0, world, 1 - me, 3)) {
                        int[] b = {me == 0 ? 9 : 0};
                        inter.ibcast(Buf.of(b), me == 0 ? Mpi.ROOT : 0).await(); // runs on a thread of the API
                        return viaFuture * 100 + b[0];
                    }
                });
        assertEquals(List.of(1109, 1009), own);

        // an error handler the API runs while completing a request's future, on its own thread
        List<String> handled = Sim.builder().ranks(1).threadLevel(io.mpi4j.ThreadLevel.FUNNELED).checkThreadLevel(true).build()
                .run(world -> {
                    StringBuilder log = new StringBuilder();
                    world.setErrorHandler(io.mpi4j.ErrorHandler.of((comm, error) -> log.append(comm.rank()).append(error.errorClass())));
                    io.mpi4j.Request<io.mpi4j.Status> r = world.irecv(Buf.of(new int[1]), 0, 0);
                    world.isend(Buf.of(new int[4]), 0, 0).await();
                    try {
                        r.toCompletableFuture().join();
                    } catch (java.util.concurrent.CompletionException expected) {
                        log.append(" ").append(((io.mpi4j.MpiException) expected.getCause()).errorClass());
                    }
                    return log.toString();
                });
        assertEquals(List.of("0ERR_TRUNCATE ERR_TRUNCATE"), handled);
    }

    /** Runs {@code body} on a platform thread of that name and returns what it threw, or {@code null}. */
    private static RuntimeException onThread(String name, Runnable body) throws InterruptedException {
        java.util.concurrent.atomic.AtomicReference<RuntimeException> failed = new java.util.concurrent.atomic.AtomicReference<>();
        Thread t = Thread.ofPlatform().name(name).start(() -> {
            try {
                body.run();
            } catch (RuntimeException x) {
                failed.set(x);
            }
        });
        t.join();
        return failed.get();
    }
}
