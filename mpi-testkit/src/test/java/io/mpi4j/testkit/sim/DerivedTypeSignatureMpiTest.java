package io.mpi4j.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.Intracomm;
import io.mpi4j.testkit.junit.MpiTest;
import io.mpi4j.testkit.tck.AbstractTck;

/**
 * Sim's type-signature check (on by default in {@code @MpiTest}) with derived datatypes: a vector
 * of INT matches a contiguous INT receive, a struct matches its duplicate, and a vector of INT
 * received as DOUBLE is reported with ERR_TYPE.
 */
class DerivedTypeSignatureMpiTest {
    @MpiTest(ranks = 2)
    void matchingSignaturesPass(Intracomm world) {
        Datatype every2 = Datatype.vector(3, 1, 2, Datatype.INT).commit();
        Datatype rec = Datatype.struct(new int[] {1, 1}, new long[] {0, 8}, new Datatype[] {Datatype.DOUBLE, Datatype.INT}).commit();
        if (world.rank() == 0) {
            world.send(Buf.of(new int[] {1, 0, 2, 0, 3}).withType(every2, 1), 1, 0);
            world.send(Buf.of(new byte[32]).withType(rec, 2), 1, 1);
        } else {
            int[] got = new int[3];
            assertEquals(1, world.recv(got, 0, 0).count(every2));
            assertArrayEquals(new int[] {1, 2, 3}, got);
            try (Datatype copy = Datatype.dup(rec)) {
                assertEquals(2, world.recv(Buf.of(new byte[32]).withType(copy, 2), 0, 1).count());
            }
        }
        every2.free();
        rec.free();
    }

    @MpiTest(ranks = 2)
    void mismatchedSignatureIsErrType(Intracomm world) {
        Datatype every2 = Datatype.vector(2, 1, 2, Datatype.INT).commit();
        if (world.rank() == 0) {
            world.send(Buf.of(new int[3]).withType(every2, 1), 1, 0);
        } else {
            AbstractTck.assertMpiError(ErrorClass.ERR_TYPE, () -> world.recv(new double[1], 0, 0));
        }
        every2.free(); // the leak check reports derived types left unfreed
    }
}
