package io.mpi4j.testkit.arbitraries;

import io.mpi4j.Datatype;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Random derived datatypes for properties: nested constructors (contiguous, vector with negative
 * and zero strides, hvector, indexed, hindexed block, padded struct, resized, subarray in both
 * orders) over predefined leaves, as the TCK uses them to check that pack then unpack is the
 * identity and that a send of a type arrives as its pack.
 *
 * {@snippet :
 * @Property
 * void packRoundTrips(@ForAll("types") Datatype type) { ... }
 *
 * @Provide
 * Arbitrary<Datatype> types() {
 *     return DatatypeArbitraries.derived(3);
 * }
 * }
 *
 * <p>The types are built uncommitted; some name a byte more than once (a zero or small stride, a
 * resized extent smaller than the data), which MPI allows for sends and forbids for receives.
 */
public final class DatatypeArbitraries {
    private static final Datatype[] LEAVES = {Datatype.BYTE, Datatype.SHORT, Datatype.INT, Datatype.LONG, Datatype.DOUBLE,
        Datatype.INT_INT};

    private DatatypeArbitraries() {
    }

    /**
     * Derived types up to {@code depth} constructors deep, each made from a random seed: the
     * failing type is reported with its description (its constructors and arguments).
     *
     * @param depth the most nested constructors, at least 0 (0 gives predefined types)
     * @return the arbitrary
     */
    public static Arbitrary<Datatype> derived(int depth) {
        if (depth < 0) {
            throw new IllegalArgumentException("invalid depth=" + depth + "; use 0 or more");
        }
        return Arbitraries.longs().map(seed -> randomDerived(new Random(seed), depth));
    }

    /**
     * A random type of depth at most {@code depth}, built from predefined leaves.
     *
     * @param rnd the source of the choices
     * @param depth the most nested constructors
     * @return a new, uncommitted type (or a predefined one)
     */
    public static Datatype randomDerived(Random rnd, int depth) {
        if (depth == 0 || rnd.nextInt(4) == 0) {
            return LEAVES[rnd.nextInt(LEAVES.length)];
        }
        Datatype c = randomDerived(rnd, depth - 1);
        return switch (rnd.nextInt(8)) {
            case 0 -> Datatype.contiguous(rnd.nextInt(4), c);
            case 1 -> Datatype.vector(1 + rnd.nextInt(3), rnd.nextInt(3), rnd.nextInt(7) - 2, c);
            case 2 -> Datatype.hvector(1 + rnd.nextInt(3), 1 + rnd.nextInt(2), rnd.nextInt(40), c);
            case 3 -> Datatype.indexed(new int[] {rnd.nextInt(3), rnd.nextInt(3)}, new int[] {rnd.nextInt(5), rnd.nextInt(5)}, c);
            case 4 -> Datatype.hindexedBlock(1 + rnd.nextInt(2), new long[] {rnd.nextInt(30), rnd.nextInt(30)}, c);
            case 5 -> Datatype.struct(new int[] {1, 1 + rnd.nextInt(2)}, new long[] {0, 8 + rnd.nextInt(24)},
                    new Datatype[] {LEAVES[rnd.nextInt(LEAVES.length)], c});
            case 6 -> Datatype.resized(c, 0, Math.max(1, c.extent()) + rnd.nextInt(9));
            default -> Datatype.subarray(new int[] {3, 2 + rnd.nextInt(2)}, new int[] {1 + rnd.nextInt(2), 1},
                    new int[] {rnd.nextInt(2), 1}, rnd.nextBoolean() ? Datatype.Order.C : Datatype.Order.FORTRAN, c);
        };
    }
}
