/**
 * Reference (sequential) semantics of the MPI collective operations (MPI-4.1 chapter 6): given
 * every rank's inputs, {@link io.mpi4j.testkit.reference.CollectiveReference} computes what each
 * rank must hold afterwards, so that a test states a collective's correctness in one line.
 *
 * {@snippet :
 * List<int[]> inputs = ...;                                   // one array per rank
 * int[] expected = CollectiveReference.fold(inputs, Op.SUM);  // x0 op x1 op ... op x(n-1)
 * assertArrayEquals(expected, resultOfAllreduceOnEveryRank);
 * }
 */
package io.mpi4j.testkit.reference;
