package io.mpi4j.testkit.corpus;

import io.mpi4j.DeadlockException;
import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import io.mpi4j.RankFailedException;
import io.mpi4j.sim.Buffering;
import io.mpi4j.sim.RankAction;
import io.mpi4j.sim.Sim;
import io.mpi4j.testkit.check.Leak;
import io.mpi4j.testkit.check.LeakCheck;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One small MPI program of the corpus, with the job it runs in and the verdict the testkit must give.
 *
 * @param name what the program does
 * @param ranks the world size
 * @param buffering the buffering mode, as {@link Buffering#parse(String)} reads it
 * @param body the code of every rank
 * @param expected the verdict
 */
record Program(String name, int ranks, String buffering, RankAction body, Verdict expected) {
    /** Bounds every run; detection itself takes milliseconds. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /**
     * Runs the program under the sim provider with the leak check and classifies the outcome.
     *
     * @return the verdict
     */
    Verdict run() {
        Sim.Builder sim = Sim.builder().ranks(ranks).buffering(Buffering.parse(buffering)).timeout(TIMEOUT).name(name);
        try {
            List<Leak> leaks = LeakCheck.exec(sim, body);
            if (leaks.isEmpty()) {
                return Verdict.pass();
            }
            return new Verdict(Verdict.Category.LEAK,
                    leaks.stream().map(l -> l.kind().name()).distinct().sorted().collect(Collectors.joining(",")));
        } catch (DeadlockException e) {
            return Verdict.deadlock();
        } catch (RankFailedException e) {
            if (e.getCause() instanceof MpiException m && m.errorClass() == ErrorClass.ERR_NOT_SAME) {
                return Verdict.mismatch();
            }
            if (e.getCause() instanceof MpiException m && m.errorClass() != ErrorClass.ERR_PROC_ABORTED) {
                return Verdict.invalid(m.errorClass());
            }
            return Verdict.rankFailed(e.rank(), e.exitCode());
        }
    }

    @Override
    public String toString() {
        return name + " [" + ranks + " ranks, buffering=" + buffering + "]";
    }
}
