package io.mpi4j.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mpi4j.Buf;
import io.mpi4j.ErrorClass;
import io.mpi4j.ErrorHandler;
import io.mpi4j.Intracomm;
import io.mpi4j.MpiException;
import io.mpi4j.RankFailedException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Smoke checks of error handlers on sim; the TCK covers them in depth. */
@Timeout(60)
class ErrorHandlerSmokeTest {
    @Test
    void userHandlerSeesEachErrorOnceAndTheErrorIsStillThrown() {
        Sim.exec(2, world -> {
            List<ErrorClass> seen = new ArrayList<>();
            world.setErrorHandler(ErrorHandler.of((c, e) -> seen.add(e.errorClass())));
            MpiException e = assertThrows(MpiException.class, () -> world.send(new int[1], 7, 0));
            assertEquals(ErrorClass.ERR_RANK, e.errorClass());
            // a failure seen at completion: truncation
            if (world.rank() == 0) {
                world.send(new int[4], 1, 3);
            } else {
                assertThrows(MpiException.class, () -> world.irecv(new int[1], 0, 3).await());
            }
            assertThrows(MpiException.class, () -> world.bcast(Buf.of(new int[1]), 9));
            assertEquals(world.rank() == 0 ? List.of(ErrorClass.ERR_RANK, ErrorClass.ERR_ROOT)
                    : List.of(ErrorClass.ERR_RANK, ErrorClass.ERR_TRUNCATE, ErrorClass.ERR_ROOT), seen);
            try (Intracomm dup = world.dup()) {
                assertEquals(world.errorHandler(), dup.errorHandler());
            }
        });
    }

    @Test
    void errorsAreFatalAbortsTheJobWithTheErrorCode() {
        RankFailedException e = assertThrows(RankFailedException.class, () -> Sim.exec(2, world -> {
            world.setErrorHandler(ErrorHandler.ERRORS_ARE_FATAL);
            if (world.rank() == 1) {
                world.send(new int[1], 5, 0);
            }
            world.barrier();
        }));
        assertEquals(1, e.rank());
        assertEquals(ErrorClass.ERR_RANK.code(), e.exitCode());
    }
}
