package io.mpi4j.testkit.tck;

import io.mpi4j.Intracomm;

/**
 * The code every rank of a TCK job runs: given its world communicator, it returns the rank's
 * result.
 *
 * <p>A body may read the parameters of its TCK case and values computed deterministically from
 * them, but it must not share mutable objects with other ranks or with the test that started the
 * job: a provider whose ranks are processes runs the same case method in every process, so only
 * what each process can compute by itself is the same everywhere. Ranks talk through MPI only, and
 * the test checks the returned per-rank results (which should be serializable values: numbers,
 * strings, records, lists) or asserts inside the ranks.
 *
 * @param <T> the type of the per-rank result
 */
@FunctionalInterface
public interface RankBody<T> {
    /**
     * Runs one rank.
     *
     * @param world the world communicator of the job, seen from this rank
     * @return this rank's result, possibly {@code null}
     * @throws Exception any failure, which fails the whole job
     */
    T run(Intracomm world) throws Exception;
}
