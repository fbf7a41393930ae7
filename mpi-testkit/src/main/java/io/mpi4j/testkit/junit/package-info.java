/**
 * The JUnit 5 extension: {@link io.mpi4j.testkit.junit.MpiTest @MpiTest} runs a test method on
 * every rank of a {@code sim} world, for each listed world size.
 *
 * {@snippet :
 * class RingTest {
 *     @MpiTest(ranks = {1, 2, 4, 7})
 *     void passesTheTokenAround(Intracomm world, @Rank int rank) {
 *         int right = (rank + 1) % world.size(), left = (rank + world.size() - 1) % world.size();
 *         int[] got = new int[1];
 *         world.sendrecv(Buf.of(new int[] {rank}), right, 0, Buf.of(got), left, 0);
 *         assertEquals(left, got[0]);
 *     }
 * }
 * }
 */
package io.mpi4j.testkit.junit;
