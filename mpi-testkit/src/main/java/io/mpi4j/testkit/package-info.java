/**
 * Tools for testing MPI programs written against mpi4j: the JUnit 5 extension, jqwik arbitraries
 * and correctness checkers (DESIGN §7). The provider conformance suite lives in
 * {@link io.mpi4j.testkit.tck}.
 */
package io.mpi4j.testkit;
