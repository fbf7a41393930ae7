package io.mpi4j.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Buf;
import io.mpi4j.Intracomm;
import io.mpi4j.PersistentRequest;
import io.mpi4j.Request;
import io.mpi4j.Status;
import io.mpi4j.spi.ResourceTracker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The resource tracker hook sees what a rank creates and leaves unreleased. */
@Timeout(60)
class ResourceTrackerTest {
    /** Collects the live objects of one rank. */
    static final class Live implements ResourceTracker {
        final Map<Object, String> open = new ConcurrentHashMap<>();

        @Override
        public void created(Kind kind, Object handle, String description) {
            open.put(handle, kind + " " + description);
        }

        @Override
        public void released(Object handle) {
            open.remove(handle);
        }
    }

    @Test
    void unreleasedRequestsAndCommunicatorsRemain() {
        Live[] live = {new Live(), new Live()};
        Sim.builder().ranks(2).resourceTracker(r -> live[r]).build().exec(world -> {
            Intracomm kept = world.dup();
            Intracomm closed = world.dup();
            closed.close();
            int peer = 1 - world.rank();
            Request<Status> done = world.irecv(new int[1], peer, 1);
            world.send(new int[1], peer, 1);
            done.await();
            world.irecv(new int[1], peer, 99); // never completed: a leak
            try (PersistentRequest<Status> p = world.recvInit(Buf.of(new int[1]), peer, 5)) {
                assertTrue(p.isClosed() == false);
            }
            assertEquals(2, kept.size());
        });
        for (Live l : live) {
            List<String> open = l.open.values().stream().sorted().toList();
            assertEquals(2, open.size(), open.toString());
            assertTrue(open.get(0).startsWith("COMMUNICATOR Intracomm of size 2"), open.toString());
            assertTrue(open.get(1).startsWith("REQUEST recv(source="), open.toString());
            assertTrue(open.get(1).contains("tag=99"), open.toString());
        }
    }
}
