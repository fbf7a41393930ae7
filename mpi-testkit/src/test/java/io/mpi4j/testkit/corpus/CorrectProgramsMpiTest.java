package io.mpi4j.testkit.corpus;

import io.mpi4j.Intracomm;
import io.mpi4j.testkit.junit.MpiTest;

/**
 * The size-independent correct programs of the corpus as users would test them: with
 * {@code @MpiTest} on several world sizes, without buffering, with the leak check on.
 */
class CorrectProgramsMpiTest {
    @MpiTest(ranks = {2, 4, 6}, buffering = "zero")
    void orderedExchange(Intracomm world) {
        CorrectPrograms.orderedExchange(world);
    }

    @MpiTest(ranks = {1, 2, 3, 7}, buffering = "zero")
    void ringSendrecv(Intracomm world) {
        CorrectPrograms.ringSendrecv(world);
    }

    @MpiTest(ranks = {2, 3, 7}, buffering = "zero")
    void ringBrokenCycle(Intracomm world) {
        CorrectPrograms.ringBrokenCycle(world);
    }

    @MpiTest(ranks = {1, 2, 4, 7})
    void collectives(Intracomm world) {
        CorrectPrograms.bcastSameRoot(world);
        CorrectPrograms.reduceSameOp(world);
        CorrectPrograms.allreduceSameType(world);
        CorrectPrograms.gatherSameRoot(world);
        CorrectPrograms.allgatherSameCount(world);
        CorrectPrograms.ibarrierEverywhere(world);
        CorrectPrograms.objectCollectives(world);
    }

    @MpiTest(ranks = {1, 2, 5})
    void communicatorsClosed(Intracomm world) {
        CorrectPrograms.dupClosed(world);
        CorrectPrograms.nestedDupsClosed(world);
        CorrectPrograms.splitClosed(world);
    }
}
