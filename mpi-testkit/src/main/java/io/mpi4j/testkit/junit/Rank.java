package io.mpi4j.testkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an {@code int} parameter of an {@link MpiTest @MpiTest} method that receives the world rank
 * of the rank running it (MPI-4.1 §6.4.1, MPI_Comm_rank).
 *
 * {@snippet :
 * @MpiTest(ranks = {2, 4})
 * void evenRanksSend(Intracomm world, @Rank int rank) { ... }
 * }
 */
@Documented
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface Rank {
}
