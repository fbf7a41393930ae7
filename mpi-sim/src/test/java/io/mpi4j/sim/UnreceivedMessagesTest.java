package io.mpi4j.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Intracomm;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Sim.Builder#onUnreceived}: messages never received, on any communicator, with the sender's call site. */
@Timeout(30)
class UnreceivedMessagesTest {
    @Test
    void messagesLeftInQueuesAreReportedWithTheirSenders() {
        List<UnreceivedMessage> found = new ArrayList<>();
        Sim.builder().ranks(3).onUnreceived(found::addAll).build().exec(world -> {
            try (Intracomm copy = world.dup()) {
                copy.setName("copy");
                if (world.rank() == 2) {
                    copy.send(new int[] {1, 2}, 0, 5); // never received
                    world.send(new int[] {3}, 1, 6); // received
                }
                if (world.rank() == 1) {
                    world.recv(new int[1], 2, 6);
                }
                copy.barrier();
            }
        });
        assertEquals(1, found.size(), found::toString);
        UnreceivedMessage m = found.getFirst();
        assertEquals(2, m.source());
        assertEquals(0, m.dest());
        assertEquals("copy", m.comm());
        assertEquals(5, m.tag());
        assertEquals(8, m.bytes());
        assertTrue(m.sentAt().contains("UnreceivedMessagesTest.java"), m::toString);
    }

    @Test
    void nothingIsReportedWhenEveryMessageIsReceived() {
        List<UnreceivedMessage> found = new ArrayList<>();
        Sim.builder().ranks(2).onUnreceived(found::addAll).build().exec(world -> {
            world.sendrecv(io.mpi4j.Buf.of(new int[1]), 1 - world.rank(), 0, io.mpi4j.Buf.of(new int[1]), 1 - world.rank(), 0);
        });
        assertEquals(List.of(), found);
    }
}
