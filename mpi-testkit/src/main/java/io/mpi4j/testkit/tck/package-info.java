/**
 * The provider conformance suite (TCK): what every mpi4j provider must do, checked by the same
 * tests on every provider (DESIGN §5, §7).
 *
 * <p>Each concern is an abstract test class ({@link io.mpi4j.testkit.tck.PointToPointTck},
 * {@link io.mpi4j.testkit.tck.SendModesTck}, ...) whose cases call {@code runner().run(ranks,
 * options, body)}. A provider module runs the suite by subclassing each class and returning its
 * {@link io.mpi4j.testkit.tck.TckRunner}:
 *
 * {@snippet :
 * class SimPointToPointTckTest extends PointToPointTck {
 *     @Override
 *     protected TckRunner runner() {
 *         return new SimTckRunner();
 *     }
 * }
 * }
 *
 * <p>Each case names the rule of the MPI standard it checks (MPI-4.1 section numbers). Cases that
 * need more than one rank skip smaller worlds with a JUnit assumption; cases that need something a
 * provider cannot offer (see {@link io.mpi4j.testkit.tck.Capability}) skip with the reason.
 */
package io.mpi4j.testkit.tck;
