package io.mpi4j.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.jni.programs.ThreadLevels;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each thread level a program asks for is the level it gets, and below MULTIPLE (MPI without its
 * own locks, the provider's calls serialized by its gate) the provider's threads still get their
 * calls in while the program's thread waits in a blocking call ({@link ThreadLevels}, 2 ranks).
 */
@ExtendWith(NativeTck.class)
class NativeThreadLevelTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"SINGLE", "FUNNELED", "SERIALIZED", "MULTIPLE"})
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void eachLevelGetsWhatItAskedForAndProviderThreadsProgress(String level) throws IOException, InterruptedException {
        ProgramJob job = ProgramJob.run(2, List.of(), ThreadLevels.class, List.of(level), 60);
        String out = job.output();
        assertTrue(job.ended(), "the job hung; output:\n" + out);
        assertEquals(0, job.exitCode(), "exit status; output:\n" + out);
        assertTrue(out.contains("rank 0 ok at " + level) && out.contains("rank 1 ok at " + level), "output:\n" + out);
    }
}
