package io.mpi4j.jni;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import io.mpi4j.Op;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Reductions with a user-defined operation run inside the library on native (MPI_Op_create): the
 * Java function is called back from the MPI reduction, while the reduction is registered with
 * {@link JniOps}, rather than by the provider-neutral algorithms; registrations end with the call;
 * and a function that throws surfaces as {@link MpiException} with its class and cause. The TCK
 * checks the semantics; this checks the mapping.
 */
class NativeUserOpsMappingTest extends NativeJobTest {
    @Test
    void userOperationsRunInsideTheLibrarysReductions() {
        run(2, world -> {
            AtomicInteger calls = new AtomicInteger();
            AtomicInteger registered = new AtomicInteger();
            Op sum = Op.ofInts((a, b) -> {
                calls.incrementAndGet();
                registered.set(JniOps.inProgress());
                return a + b;
            }, false);
            int[] out = new int[3];
            world.allreduce(Buf.of(new int[] {1, 2, world.rank()}), Buf.of(out), sum);
            assertEquals(1, out[2]);
            assertEquals(2, out[0]);
            world.iallreduce(Buf.of(new int[] {1, 2, world.rank()}), Buf.of(out), sum).await();
            assertEquals(4, out[1]);
            assertTrue(calls.get() > 0, "the function ran on both ranks of a two-rank allreduce");
            assertEquals(1, registered.get(), "the function ran inside a registered MPI reduction");
            assertEquals(0, JniOps.inProgress(), "every registration ends with its call");
            Op wrongType = Op.ofDoubles(Double::sum, true); // applied to ints: ERR_OP from the function
            MpiException e = assertThrows(MpiException.class,
                    () -> world.allreduce(Buf.of(new int[] {1}), Buf.of(new int[1]), wrongType));
            assertEquals(ErrorClass.ERR_OP, e.errorClass(), e.getMessage());
            assertTrue(e.getCause() instanceof MpiException, "the function's exception is the cause: " + e.getCause());
            assertEquals(0, JniOps.inProgress(), "a failed reduction ends its registration too");
            // a general function on a derived type with gaps (every other int of three): the library
            // reduces its packed form, elements it never splits, and the function sees the type itself
            Datatype everyOther = Datatype.vector(2, 1, 2, Datatype.INT).commit();
            AtomicInteger insideLibrary = new AtomicInteger();
            Op addPairs = Op.create((in, inout, count, type) -> {
                insideLibrary.set(JniOps.inProgress());
                assertEquals(everyOther.constructor(), type.constructor(), "the function sees the derived type");
                for (long k = 0; k < count; k++) {
                    for (long at : new long[] {12 * k, 12 * k + 8}) {
                        inout.set(ValueLayout.JAVA_INT, at, in.get(ValueLayout.JAVA_INT, at) + inout.get(ValueLayout.JAVA_INT, at));
                    }
                }
            }, true);
            int[] mine = {world.rank() + 1, -7, 10 * (world.rank() + 1)};
            int[] pairSum = {0, -9, 0};
            world.allreduce(Buf.of(mine).withType(everyOther, 1), Buf.of(pairSum).withType(everyOther, 1), addPairs);
            assertArrayEquals(new int[] {3, -9, 30}, pairSum, "the pairs summed, the gap left alone");
            assertEquals(1, insideLibrary.get(), "the function ran inside a registered MPI reduction");
            everyOther.free();
            return null;
        });
    }
}
