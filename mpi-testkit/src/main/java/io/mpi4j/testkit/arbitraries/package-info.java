/**
 * jqwik arbitraries for MPI tests (DESIGN §7): world sizes, roots, datatypes, reduction
 * operations with the datatypes they apply to, buffers of random contents and the counts of the
 * {@code v} collectives; see {@link io.mpi4j.testkit.arbitraries.CollectiveArbitraries}.
 */
package io.mpi4j.testkit.arbitraries;
