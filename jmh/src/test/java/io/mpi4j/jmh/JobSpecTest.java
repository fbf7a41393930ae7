package io.mpi4j.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The spec that rank 0 of a process job broadcasts reads back as it was written. */
class JobSpecTest {
    @Test
    void encodedSpecsDecodeToTheSameSpec() {
        for (JobSpec spec : List.of(JobSpec.pingPong(1024, BufferKind.SEGMENT, 1024), JobSpec.object("1MiB", 64),
                JobSpec.collective(Collective.ALLTOALL, 1 << 20, 4, 8), JobSpec.collective(Collective.BARRIER, 0, 16, 256),
                JobSpec.noOp())) {
            assertEquals(spec, JobSpec.decode(spec.encode()), spec.encode());
        }
    }

    @Test
    void invalidSpecsAreRefusedWithTheirValues() {
        assertThrows(IllegalArgumentException.class, () -> JobSpec.decode("PINGPONG 8 BYTES 2"));
        assertThrows(IllegalArgumentException.class, () -> JobSpec.decode("PINGPONG 8 BYTES 4 16"));
        assertThrows(IllegalArgumentException.class, () -> JobSpec.decode("COLLECTIVE 8 GATHERV 4 16"));
        assertThrows(IllegalArgumentException.class, () -> JobSpec.collective(Collective.BCAST, 8, 0, 16));
    }
}
