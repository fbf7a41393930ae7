package io.mpi4j.testkit.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import io.mpi4j.Packing;
import io.mpi4j.Request;
import io.mpi4j.Status;
import io.mpi4j.TypeConstructor;
import io.mpi4j.testkit.arbitraries.DatatypeArbitraries;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * jqwik properties of the collectives and point-to-point calls with random nested derived
 * datatypes (MPI-4.1 §5.1 with §3 and chapter 6): a message carries the type's data in the order
 * of its type map, so whatever the layouts on either side, each rank's result is what
 * {@link Packing} predicts, independently of MPI: a buffer received with the type holds the
 * packed bytes unpacked into it (its gaps and the memory after its data untouched), and a buffer
 * received in packed form holds the concatenated packs of the blocks sent.
 *
 * <p>Every try draws a {@code long} seed and small integers only (world size, count, root), so
 * that it travels to the processes of an MPI job: the type ({@link
 * DatatypeArbitraries#randomDerived}, restricted as
 * {@link DerivedDatatypesTck#sendOfTypeEqualsItsPack} restricts it, so that its data lie after
 * the buffer's origin), every rank's data and every rank's choice of layout (the type itself, or
 * its packed form: a contiguous type with the same type signature laid over the packed bytes) are
 * derived from the seed. A layout that names a byte twice is only ever sent from, never received
 * into (MPI-4.1 §5.1.11).
 */
public abstract class DerivedCollectivesPropertiesTck extends AbstractTck {
    /** Bytes after every buffer's data that no operation may touch. */
    private static final int SLACK = 8;

    /** Creates the property container; subclasses supply the runner. */
    protected DerivedCollectivesPropertiesTck() {
    }

    // ---- the setup of one try ----

    /**
     * One try's type, its packed form and every rank's choices, all derived from the seed so that
     * every process of a job (and the launching JVM) builds the same.
     */
    private static final class Setup {
        final long seed;
        final int size;
        final int count;
        final Datatype type;
        final Datatype packedForm;
        final Random rnd;
        /** Whether rank r sends with the type (else its packed form). */
        final boolean[] typedSend;
        /** Whether rank r would like to receive with the type (if it names no byte twice). */
        final boolean[] typedRecv;
        /** Whether rank r's memory is off the heap. */
        final boolean[] offHeap;
        /** Whether rank r's packed side of a point-to-point message is plain bytes (else the packed form). */
        final boolean[] asBytes;

        Setup(long seed, int size, int count) {
            this.seed = seed;
            this.size = size;
            this.count = count;
            this.rnd = new Random(seed);
            Datatype t0 = DatatypeArbitraries.randomDerived(rnd, 3);
            // keep the data after the origin, as a Java buffer requires (as sendOfTypeEqualsItsPack does)
            this.type = (t0.extent() <= 0 || t0.trueLowerBound() < 0 ? Datatype.contiguous(2, Datatype.SHORT) : t0).commit();
            this.packedForm = packedForm(type).commit();
            typedSend = new boolean[size];
            typedRecv = new boolean[size];
            offHeap = new boolean[size];
            asBytes = new boolean[size];
            for (int r = 0; r < size; r++) {
                typedSend[r] = rnd.nextBoolean();
                typedRecv[r] = rnd.nextInt(4) != 0;
                offHeap[r] = rnd.nextBoolean();
                asBytes[r] = rnd.nextBoolean();
            }
            checkPackedForm();
        }

        /** The packed form must lay the type's signature over exactly the packed bytes. */
        private void checkPackedForm() {
            assertEquals(type.size(), packedForm.size(), () -> "size of the packed form of " + this);
            assertEquals(type.size(), packedForm.extent(), () -> "extent of the packed form of " + this);
            assertEquals(0, packedForm.lowerBound(), () -> "lower bound of the packed form of " + this);
            byte[] bytes = random(new Random(seed + 1), Math.toIntExact(3 * type.size()));
            byte[] packed = Packing.pack(Buf.of(MemorySegment.ofArray(bytes)).withType(packedForm, 3));
            assertArrayEquals(bytes, packed, () -> "the packed form of " + this + " is not contiguous");
        }

        /** The bytes a rank packs from {@code data} holding {@code k} elements of the type. */
        byte[] pack(byte[] data, long k) {
            return Packing.pack(Buf.of(MemorySegment.ofArray(data)).withType(type, k));
        }

        /** Every rank's data of {@code k} elements, in rank order (drawn from the seed). */
        byte[][] dataPerRank(long k) {
            byte[][] data = new byte[size][];
            for (int r = 0; r < size; r++) {
                data[r] = data(k);
            }
            return data;
        }

        /** The pack of each rank's {@code k} elements. */
        byte[][] packs(byte[][] data, long k) {
            byte[][] packs = new byte[data.length][];
            for (int r = 0; r < data.length; r++) {
                packs[r] = pack(data[r], k);
            }
            return packs;
        }

        /** Random memory for {@code k} elements of the type, and {@link #SLACK} bytes more. */
        byte[] data(long k) {
            return random(rnd, Math.toIntExact(span(type, k) + SLACK));
        }

        @Override
        public String toString() {
            return "seed " + seed + ": " + count + " x " + describe(type) + " (size " + type.size() + ", extent " + type.extent()
                    + ", true lb " + type.trueLowerBound() + ", true extent " + type.trueExtent() + ") on " + size + " ranks, typed sends "
                    + Arrays.toString(typedSend) + ", typed receives " + Arrays.toString(typedRecv) + ", off heap "
                    + Arrays.toString(offHeap);
        }
    }

    /** A buffer that sends: rank {@code r}'s data with the type, or their pack with the packed form. */
    private static Buf sendBuf(Setup s, int r, byte[] data, long k, MemorySegment[] keep) {
        if (s.typedSend[r]) {
            keep[0] = segment(data, s.offHeap[r]);
            return Buf.of(keep[0]).withType(s.type, k);
        }
        keep[0] = segment(s.pack(data, k), s.offHeap[r]);
        return Buf.of(keep[0]).withType(s.packedForm, k);
    }

    /** Where a rank receives {@code k} elements of the type, and what it must hold afterwards. */
    private static final class Target {
        final boolean typed;
        final byte[] init;
        final MemorySegment memory;
        final Buf buf;
        final Datatype type;
        final long k;

        /**
         * A receive of {@code k} elements: with the type where rank {@code r} chose it and the type
         * names no byte twice, else in packed form ({@code bytes}: as plain bytes).
         */
        Target(Setup s, int r, long k, boolean bytes) {
            this.k = k;
            this.typed = s.typedRecv[r] && receivable(s.type, k);
            long len = typed ? span(s.type, k) : Math.multiplyExact(k, s.type.size());
            // the rank's own stream: ranks of sim share the setup
            this.init = random(new Random(s.seed * 31 + r * 1009L + k), Math.toIntExact(len + SLACK));
            this.memory = segment(init, s.offHeap[r]);
            this.type = typed ? s.type : bytes ? Datatype.BYTE : s.packedForm;
            this.buf = typed ? Buf.of(memory).withType(s.type, k)
                    : bytes ? Buf.of(memory, Datatype.BYTE, k * s.type.size()) : Buf.of(memory).withType(s.packedForm, k);
        }

        /** What the memory must hold after receiving the packed bytes {@code packed}. */
        byte[] expected(Setup s, byte[] packed) {
            byte[] e = init.clone();
            if (typed) {
                Packing.unpack(MemorySegment.ofArray(packed), 0, Buf.of(MemorySegment.ofArray(e)).withType(s.type, k));
            } else {
                System.arraycopy(packed, 0, e, 0, packed.length);
            }
            return e;
        }

        void check(Setup s, byte[] packed, String what) {
            assertEquals(k * s.type.size(), packed.length, "the reference's length");
            byte[] got = memory.toArray(ValueLayout.JAVA_BYTE);
            byte[] want = expected(s, packed);
            if (!Arrays.equals(want, got)) {
                int at = Arrays.mismatch(want, got);
                int from = Math.max(0, at - 8);
                int to = Math.min(got.length, at + 8);
                throw new AssertionError(what + " (received " + (typed ? "with the type" : "as " + type) + "): first wrong byte at "
                        + at + " of " + got.length + " (" + (at < init.length - SLACK ? "" : "in the slack after the data, ")
                        + (want[at] == init[at] ? "should be untouched" : "should be data") + "); bytes " + from + ".." + (to - 1)
                        + ": expected " + Arrays.toString(Arrays.copyOfRange(want, from, to)) + ", got "
                        + Arrays.toString(Arrays.copyOfRange(got, from, to)) + "; " + s);
            }
        }
    }

    /** Checks that a send buffer still holds what it was given. */
    private static void checkUnchanged(MemorySegment m, byte[] before, String what) {
        if (m != null && !Arrays.equals(before, m.toArray(ValueLayout.JAVA_BYTE))) {
            throw new AssertionError(what + ": the send buffer changed");
        }
    }

    // ---- the properties ----

    /**
     * MPI_Bcast and MPI_Ibcast: the root's {@code count} elements of a random derived type (sent
     * with the type or in packed form) arrive at every rank as their pack, unpacked into the type
     * or laid out packed, and the root's buffer is unchanged.
     *
     * @param seed the seed of the type, the data and the ranks' layouts
     * @param size the world size
     * @param count the number of elements of the type
     * @param rootChoice the root, modulo the world size
     * @param nonblocking whether the nonblocking form is used
     */
    @Property(tries = 30)
    public void bcastDeliversThePack(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int size,
            @ForAll @IntRange(min = 0, max = 3) int count, @ForAll @IntRange(min = 0, max = 4) int rootChoice,
            @ForAll boolean nonblocking) {
        Setup s = new Setup(seed, size, count);
        int root = rootChoice % size;
        byte[] rootData = s.data(count);
        byte[] packed = s.pack(rootData, count);
        run(size, world -> {
            int me = world.rank();
            String what = (nonblocking ? "ibcast" : "bcast") + " from root " + root + " on rank " + me;
            if (me == root) {
                MemorySegment[] keep = new MemorySegment[1];
                Buf b = sendBuf(s, me, rootData, count, keep);
                byte[] before = keep[0].toArray(ValueLayout.JAVA_BYTE);
                if (nonblocking) {
                    world.ibcast(b, root).await();
                } else {
                    world.bcast(b, root);
                }
                checkUnchanged(keep[0], before, what + "; " + s);
            } else {
                Target t = new Target(s, me, count, false);
                if (nonblocking) {
                    world.ibcast(t.buf, root).await();
                } else {
                    world.bcast(t.buf, root);
                }
                t.check(s, packed, what);
            }
            return null;
        });
    }

    /**
     * MPI_Gather then MPI_Scatter (or their nonblocking forms): the root receives the packs of
     * every rank's {@code count} elements in rank order, and block {@code i} of the root's
     * {@code size * count} elements arrives at rank {@code i} as its pack; every rank picks the
     * type or the packed form on its own side.
     *
     * @param seed the seed of the type, the data and the ranks' layouts
     * @param size the world size
     * @param count the number of elements of the type in one block
     * @param rootChoice the root, modulo the world size
     * @param nonblocking whether the nonblocking forms are used
     */
    @Property(tries = 30)
    public void gatherAndScatterDeliverThePacks(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int size,
            @ForAll @IntRange(min = 0, max = 3) int count, @ForAll @IntRange(min = 0, max = 4) int rootChoice,
            @ForAll boolean nonblocking) {
        Setup s = new Setup(seed, size, count);
        int root = rootChoice % size;
        byte[][] data = s.dataPerRank(count);
        byte[][] packs = s.packs(data, count);
        byte[] gathered = concat(packs);
        byte[] scatterData = s.data((long) size * count);
        byte[] scatterPack = s.pack(scatterData, (long) size * count);
        int block = Math.toIntExact(count * s.type.size());
        run(size, world -> {
            int me = world.rank();
            String g = (nonblocking ? "igather" : "gather") + " to root " + root + " on rank " + me;
            MemorySegment[] keep = new MemorySegment[1];
            Buf send = sendBuf(s, me, data[me], count, keep);
            byte[] before = keep[0].toArray(ValueLayout.JAVA_BYTE);
            Target at = me == root ? new Target(s, me, (long) size * count, false) : null;
            if (nonblocking) {
                world.igather(send, at == null ? null : at.buf, root).await();
            } else {
                world.gather(send, at == null ? null : at.buf, root);
            }
            checkUnchanged(keep[0], before, g + "; " + s);
            if (at != null) {
                at.check(s, gathered, g);
            }

            String sc = (nonblocking ? "iscatter" : "scatter") + " from root " + root + " on rank " + me;
            Buf from = me == root ? sendBuf(s, me, scatterData, (long) size * count, keep) : null;
            Target mine = new Target(s, me, count, false);
            if (nonblocking) {
                world.iscatter(from, mine.buf, root).await();
            } else {
                world.scatter(from, mine.buf, root);
            }
            mine.check(s, Arrays.copyOfRange(scatterPack, me * block, (me + 1) * block), sc);
            return null;
        });
    }

    /**
     * MPI_Allgather and MPI_Iallgather: every rank receives the packs of every rank's
     * {@code count} elements in rank order, whatever layout each rank chose for its side.
     *
     * @param seed the seed of the type, the data and the ranks' layouts
     * @param size the world size
     * @param count the number of elements of the type in one block
     * @param nonblocking whether the nonblocking form is used
     */
    @Property(tries = 25)
    public void allgatherDeliversThePacks(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int size,
            @ForAll @IntRange(min = 0, max = 3) int count, @ForAll boolean nonblocking) {
        Setup s = new Setup(seed, size, count);
        byte[][] data = s.dataPerRank(count);
        byte[][] packs = s.packs(data, count);
        byte[] gathered = concat(packs);
        run(size, world -> {
            int me = world.rank();
            String what = (nonblocking ? "iallgather" : "allgather") + " on rank " + me;
            MemorySegment[] keep = new MemorySegment[1];
            Buf send = sendBuf(s, me, data[me], count, keep);
            byte[] before = keep[0].toArray(ValueLayout.JAVA_BYTE);
            Target all = new Target(s, me, (long) size * count, false);
            if (nonblocking) {
                world.iallgather(send, all.buf).await();
            } else {
                world.allgather(send, all.buf);
            }
            checkUnchanged(keep[0], before, what + "; " + s);
            all.check(s, gathered, what);
            return null;
        });
    }

    /**
     * MPI_Alltoall and MPI_Ialltoall: block {@code j} of rank {@code i}'s {@code size * count}
     * elements arrives as block {@code i} at rank {@code j}, so each rank receives the
     * corresponding slices of every rank's pack in rank order.
     *
     * @param seed the seed of the type, the data and the ranks' layouts
     * @param size the world size
     * @param count the number of elements of the type in one block
     * @param nonblocking whether the nonblocking form is used
     */
    @Property(tries = 25)
    public void alltoallDeliversTheSlicesOfThePacks(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int size,
            @ForAll @IntRange(min = 0, max = 3) int count, @ForAll boolean nonblocking) {
        Setup s = new Setup(seed, size, count);
        long k = (long) size * count;
        byte[][] data = s.dataPerRank(k);
        byte[][] packs = s.packs(data, k);
        int block = Math.toIntExact(count * s.type.size());
        run(size, world -> {
            int me = world.rank();
            String what = (nonblocking ? "ialltoall" : "alltoall") + " on rank " + me;
            byte[][] slices = new byte[size][];
            for (int r = 0; r < size; r++) {
                slices[r] = Arrays.copyOfRange(packs[r], me * block, (me + 1) * block);
            }
            MemorySegment[] keep = new MemorySegment[1];
            Buf send = sendBuf(s, me, data[me], k, keep);
            byte[] before = keep[0].toArray(ValueLayout.JAVA_BYTE);
            Target all = new Target(s, me, k, false);
            if (nonblocking) {
                world.ialltoall(send, all.buf).await();
            } else {
                world.alltoall(send, all.buf);
            }
            checkUnchanged(keep[0], before, what + "; " + s);
            all.check(s, concat(slices), what);
            return null;
        });
    }

    /**
     * MPI_Sendrecv, or MPI_Isend and MPI_Irecv completed together, around a ring: each rank sends
     * {@code count} elements of the type (or their pack, as plain bytes or in packed form) to its
     * right and receives its left neighbour's pack, with the type or packed; the status counts the
     * packed bytes.
     *
     * @param seed the seed of the type, the data and the ranks' layouts
     * @param size the world size
     * @param count the number of elements of the type
     * @param nonblocking whether {@code isend}/{@code irecv} are used instead of {@code sendrecv}
     */
    @Property(tries = 30)
    public void pointToPointDeliversThePack(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int size,
            @ForAll @IntRange(min = 0, max = 3) int count, @ForAll boolean nonblocking) {
        Setup s = new Setup(seed, size, count);
        byte[][] data = s.dataPerRank(count);
        byte[][] packs = s.packs(data, count);
        run(size, world -> {
            int me = world.rank();
            int right = (me + 1) % size;
            int left = (me + size - 1) % size;
            String what = (nonblocking ? "isend/irecv" : "sendrecv") + " from rank " + left + " on rank " + me;
            MemorySegment[] keep = new MemorySegment[1];
            Buf send;
            if (!s.typedSend[me] && s.asBytes[me]) {
                keep[0] = segment(packs[me], s.offHeap[me]);
                send = Buf.of(keep[0], Datatype.BYTE, packs[me].length);
            } else {
                send = sendBuf(s, me, data[me], count, keep);
            }
            byte[] before = keep[0].toArray(ValueLayout.JAVA_BYTE);
            Target in = new Target(s, me, count, s.asBytes[me]);
            Status st;
            if (nonblocking) {
                Request<Status> r = world.irecv(in.buf, left, 7);
                Request<Status> w = world.isend(send, right, 7);
                Request.waitAll(r, w);
                st = r.await();
            } else {
                st = world.sendrecv(send, right, 7, in.buf, left, 7);
            }
            checkUnchanged(keep[0], before, what + "; " + s);
            assertEquals(left, st.source(), () -> what + ": status source; " + s);
            assertEquals(packs[left].length, st.byteCount(), () -> what + ": status byte count; " + s);
            in.check(s, packs[left], what);
            return null;
        });
    }

    // ---- helpers ----

    /**
     * A type with the signature of {@code t} whose elements are packed end to end: its data are
     * exactly the bytes {@link Packing#pack} makes of elements of {@code t}, element after element.
     */
    private static Datatype packedForm(Datatype t) {
        if (t.isPredefined()) {
            return t;
        }
        return switch (t.constructor()) {
            case TypeConstructor.Named n -> n.type();
            case TypeConstructor.Dup d -> packedForm(d.oldType());
            case TypeConstructor.Resized r -> packedForm(r.oldType());
            case TypeConstructor.Struct st -> {
                int n = st.types().size();
                int[] lengths = new int[n];
                long[] displs = new long[n];
                Datatype[] types = new Datatype[n];
                long at = 0;
                for (int i = 0; i < n; i++) {
                    types[i] = tight(packedForm(st.types().get(i)));
                    lengths[i] = st.blocklengths().get(i);
                    displs[i] = at;
                    at += lengths[i] * types[i].size();
                }
                yield tight(Datatype.struct(lengths, displs, types));
            }
            case TypeConstructor.Contiguous c -> repeated(t, c.oldType());
            case TypeConstructor.Vector v -> repeated(t, v.oldType());
            case TypeConstructor.HVector v -> repeated(t, v.oldType());
            case TypeConstructor.Indexed x -> repeated(t, x.oldType());
            case TypeConstructor.HIndexed x -> repeated(t, x.oldType());
            case TypeConstructor.IndexedBlock x -> repeated(t, x.oldType());
            case TypeConstructor.HIndexedBlock x -> repeated(t, x.oldType());
            case TypeConstructor.Subarray x -> repeated(t, x.oldType());
            case TypeConstructor.Darray x -> repeated(t, x.oldType());
        };
    }

    /** The packed form of a type made of whole elements of {@code old}: that many packed {@code old}s. */
    private static Datatype repeated(Datatype t, Datatype old) {
        if (old.size() == 0) {
            return Datatype.contiguous(0, Datatype.BYTE);
        }
        return tight(Datatype.contiguous(Math.toIntExact(t.size() / old.size()), tight(packedForm(old))));
    }

    /** The type with lower bound 0 and extent its size. */
    private static Datatype tight(Datatype t) {
        return t.lowerBound() == 0 && t.extent() == t.size() ? t : Datatype.resized(t, 0, t.size());
    }

    /** Whether {@code k} elements of the type may be received into (no byte named twice). */
    private static boolean receivable(Datatype t, long k) {
        byte[] scratch = new byte[Math.toIntExact(span(t, k))];
        try {
            Packing.unpack(MemorySegment.ofArray(new byte[Math.toIntExact(k * t.size())]), 0,
                    Buf.of(MemorySegment.ofArray(scratch)).withType(t, k));
            return true;
        } catch (MpiException e) {
            if (e.errorClass() != ErrorClass.ERR_TYPE) {
                throw e;
            }
            return false;
        }
    }

    /** The bytes from a buffer's origin to the end of the data of {@code k} elements (their extent is positive). */
    private static long span(Datatype t, long k) {
        if (k == 0 || t.size() == 0) {
            return 0;
        }
        return (k - 1) * t.extent() + t.trueLowerBound() + t.trueExtent();
    }

    private static byte[] random(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    /** A copy of {@code bytes} on the heap or in native memory. */
    private static MemorySegment segment(byte[] bytes, boolean offHeap) {
        if (!offHeap) {
            return MemorySegment.ofArray(bytes.clone());
        }
        MemorySegment m = Arena.ofAuto().allocate(Math.max(1, bytes.length), 16).asSlice(0, bytes.length);
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, m, 0, bytes.length);
        return m;
    }

    private static byte[] concat(byte[][] parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    /** The type with every argument of every constructor, to rebuild a failing one. */
    private static String describe(Datatype t) {
        if (t.isPredefined()) {
            return t.toString();
        }
        TypeConstructor c = t.constructor();
        StringJoiner j = new StringJoiner(", ", c.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + "(", ")");
        for (RecordComponent rc : c.getClass().getRecordComponents()) {
            Object v;
            try {
                v = rc.getAccessor().invoke(c);
            } catch (ReflectiveOperationException e) {
                v = "?";
            }
            if (v instanceof Datatype d) {
                j.add(describe(d));
            } else if (v instanceof List<?> l && !l.isEmpty() && l.getFirst() instanceof Datatype) {
                j.add(l.stream().map(x -> describe((Datatype) x)).toList().toString());
            } else {
                j.add(rc.getName() + "=" + v);
            }
        }
        return j.toString();
    }
}
