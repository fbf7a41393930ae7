package io.mpi4j.jni;

import io.mpi4j.Buf;
import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import io.mpi4j.VBuf;
import io.mpi4j.WBuf;
import io.mpi4j.spi.Collective;
import io.mpi4j.spi.SpiRequest;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * The data-movement collectives (bcast, gather(v), scatter(v), allgather(v), alltoall(v/w)) with
 * MPI datatypes: the API hands over buffers of derived datatypes unpacked
 * ({@link io.mpi4j.spi.CommEngine#takesDerivedCollectiveTypes()}), and each buffer travels with the
 * committed MPI datatype of the session's {@link TypeHandles}, so MPI's datatype engine gathers
 * and scatters the data. Predefined types use their TypeHandles type too, a run of MPI_BYTEs,
 * not MPI_INT and the like: the signatures of derived types are bytes, and every rank of a call
 * must present the same signature whatever datatype it describes its data with. Counts beyond
 * {@code int} travel as one element of a bigger type ({@code typed_collectives.c}), so these
 * calls never need the provider-neutral algorithms.
 */
final class TypedCollectives {
    private TypedCollectives() {
    }

    /**
     * Tells whether the call is a data-movement collective mapped here.
     *
     * @param call the collective
     * @return whether {@link #run} takes it
     */
    static boolean applies(Collective call) {
        return switch (call) {
            case Collective.Bcast c -> true;
            case Collective.Gather c -> true;
            case Collective.Gatherv c -> true;
            case Collective.Scatter c -> true;
            case Collective.Scatterv c -> true;
            case Collective.Allgather c -> true;
            case Collective.Allgatherv c -> true;
            case Collective.Alltoall c -> true;
            case Collective.Alltoallv c -> true;
            case Collective.Alltoallw c -> true;
            default -> false;
        };
    }

    /** The memory and MPI datatypes of one call: inputs copied in, outputs copied out after completion. */
    private static final class Frame implements NativeCollectives.CallMemory {
        final TypeHandles types;
        final List<Staged> all = new ArrayList<>(4);
        final List<Staged> outputs = new ArrayList<>(2);
        /** The heap arrays read and written in place. */
        private final HeapPins pins;

        Frame(TypeHandles types, boolean blocking) {
            this.types = types;
            this.pins = new HeapPins(blocking);
        }

        /** The Java array the send buffer's address is an offset into, or {@code null}. */
        Object sendArray() {
            return pins.send();
        }

        /** The Java array the receive buffer's address is an offset into, or {@code null}. */
        Object recvArray() {
            return pins.recv();
        }

        /** The MPI datatype of the buffer's elements; a packed copy is bytes. 0 for no buffer. */
        long type(Buf b) {
            if (b == null || b.isInPlace()) {
                return 0;
            }
            return types.handle(b.isPacked() ? Datatype.BYTE : b.datatype());
        }

        /** The buffer's element count in {@link #type}'s elements. */
        static long count(Buf b) {
            if (b == null || b.isInPlace()) {
                return 0;
            }
            return b.isPacked() ? b.byteSize() : b.count();
        }

        long in(Buf b) {
            return address(b, false);
        }

        /** An output: staged with its contents, so that what MPI leaves alone stays as it was. */
        long out(Buf b) {
            return address(b, true);
        }

        private long address(Buf b, boolean output) {
            if (b == null) {
                return 0;
            }
            if (b.isInPlace()) {
                return Jni.IN_PLACE;
            }
            long offset = DerivedP2p.applies(b) ? -1 : pins.take(b, output);
            if (offset >= 0) {
                return offset; // read or written in place: the glue pins the array for the call
            }
            long address;
            Staged m;
            if (DerivedP2p.applies(b)) {
                // heap memory: the span is staged and only the type's bytes are copied back
                TypedMem t = TypedMem.of(b, type(b));
                address = t.address;
                m = t;
            } else {
                Mem t = Mem.of(b, true);
                address = t.address;
                m = t;
            }
            all.add(m);
            if (output) {
                outputs.add(m);
            }
            return address;
        }

        long memory(MemorySegment seg, boolean output) {
            long offset = pins.take(seg, output);
            if (offset >= 0) {
                return offset; // read or written in place: the glue pins the array for the call
            }
            Mem m = Mem.of(seg, true, seg);
            all.add(m);
            if (output) {
                outputs.add(m);
            }
            return m.address;
        }

        long ints(int[] v) {
            Mem m = Mem.ofInts(v);
            all.add(m);
            return m.address;
        }

        long longs(long[] v) {
            Mem m = Mem.ofLongs(v);
            all.add(m);
            return m.address;
        }

        long handles(Datatype[] t) {
            long[] h = new long[t.length];
            for (int i = 0; i < h.length; i++) {
                h[i] = types.handle(t[i]);
            }
            return longs(h);
        }

        @Override
        public void finish(boolean copy) {
            if (copy) {
                for (Staged m : outputs) {
                    m.copyOut(Long.MAX_VALUE);
                }
            }
            for (Staged m : all) {
                m.release();
            }
        }
    }

    /**
     * Runs the call, blocking, or starts it ({@code start}) and returns its request.
     *
     * @param comm the communicator
     * @param call a call {@link #applies} accepts
     * @param start whether to start the nonblocking form
     * @return the request, or {@code null} once a blocking call has completed
     */
    static SpiRequest run(JniComm comm, Collective call, boolean start) {
        Frame f = new Frame(comm.session.types, !start);
        long h = comm.handle;
        // blocks are per process of the remote group on an intercommunicator, of the group otherwise
        int n = comm.remoteSize();
        return NativeCollectives.complete(comm, call.name(), f, start, out -> switch (call) {
                case Collective.Bcast c -> JniTypedCollectives.bcast(h, f.out(c.buf()), Frame.count(c.buf()), f.type(c.buf()),
                        c.root(), start, f.sendArray(), f.recvArray(), out);
                case Collective.Gather c -> {
                    Buf s = c.send();
                    Buf r = c.recv();
                    long rcount = r == null ? 0 : Frame.count(r) / n;
                    yield JniTypedCollectives.blocks(h, 0, f.in(s), Frame.count(s), f.type(s), f.out(r), rcount, f.type(r), c.root(),
                            start, f.sendArray(), f.recvArray(), out);
                }
                case Collective.Scatter c -> {
                    Buf s = c.send();
                    Buf r = c.recv();
                    long scount = s == null ? 0 : Frame.count(s) / n;
                    // IN_PLACE at the root: MPI ignores the receive count and type
                    yield JniTypedCollectives.blocks(h, 1, f.in(s), scount, f.type(s), f.out(r), Frame.count(r), f.type(r), c.root(),
                            start, f.sendArray(), f.recvArray(), out);
                }
                case Collective.Allgather c -> {
                    Buf s = c.send();
                    Buf r = c.recv();
                    yield JniTypedCollectives.blocks(h, 2, f.in(s), Frame.count(s), f.type(s), f.out(r), Frame.count(r) / n,
                            f.type(r), 0, start, f.sendArray(), f.recvArray(), out);
                }
                case Collective.Alltoall c -> {
                    Buf s = c.send();
                    Buf r = c.recv();
                    yield JniTypedCollectives.blocks(h, 3, f.in(s), Frame.count(s) / n, f.type(s), f.out(r), Frame.count(r) / n,
                            f.type(r), 0, start, f.sendArray(), f.recvArray(), out);
                }
                case Collective.Gatherv c -> {
                    Buf s = c.send();
                    VBuf r = c.recv();
                    yield JniTypedCollectives.rootedv(h, 0, f.in(s), Frame.count(s), r == null ? 0 : f.ints(r.counts()),
                            r == null ? 0 : f.ints(r.displs()), f.type(s), r == null ? 0 : f.out(r.buf()), 0,
                            r == null ? 0 : f.type(r.buf()), c.root(), start, f.sendArray(), f.recvArray(), out);
                }
                case Collective.Scatterv c -> {
                    VBuf s = c.send();
                    Buf r = c.recv();
                    yield JniTypedCollectives.rootedv(h, 1, s == null ? 0 : f.in(s.buf()), 0, s == null ? 0 : f.ints(s.counts()),
                            s == null ? 0 : f.ints(s.displs()), s == null ? 0 : f.type(s.buf()), f.out(r), Frame.count(r),
                            f.type(r), c.root(), start, f.sendArray(), f.recvArray(), out);
                }
                case Collective.Allgatherv c -> {
                    Buf s = c.send();
                    VBuf r = c.recv();
                    yield JniTypedCollectives.allgatherv(h, f.in(s), Frame.count(s), f.type(s), f.out(r.buf()), f.ints(r.counts()),
                            f.ints(r.displs()), f.type(r.buf()), start, f.sendArray(), f.recvArray(), out);
                }
                case Collective.Alltoallv c -> {
                    VBuf s = c.send();
                    VBuf r = c.recv();
                    yield JniTypedCollectives.alltoallv(h, s == null ? Jni.IN_PLACE : f.in(s.buf()), s == null ? 0 : f.ints(s.counts()),
                            s == null ? 0 : f.ints(s.displs()), s == null ? 0 : f.type(s.buf()), f.out(r.buf()), f.ints(r.counts()),
                            f.ints(r.displs()), f.type(r.buf()), start, f.sendArray(), f.recvArray(), out);
                }
                case Collective.Alltoallw c -> alltoallw(comm, f, c, start, out);
                default -> throw new MpiException(ErrorClass.ERR_INTERN, call.name() + " has no typed native mapping");
            });
    }

    private static int alltoallw(JniComm comm, Frame f, Collective.Alltoallw c, boolean start, long[] out) {
        WBuf s = c.send();
        WBuf r = c.recv();
        if (s == null && start && comm.session.inPlaceIalltoallwBroken) {
            // MPICH 4.0's in-place MPI_Ialltoallw aborts (JniSession): in place means the blocks
            // go out as the receive buffer describes them, so a copy of it is the send buffer
            s = new WBuf(MemorySegment.ofArray(r.memory().toArray(ValueLayout.JAVA_BYTE)), r.counts(), r.byteDispls(), r.types());
        }
        return JniTypedCollectives.alltoallw(comm.handle, comm.remoteSize(), s == null ? Jni.IN_PLACE : f.memory(s.memory(), false),
                s == null ? 0 : f.ints(s.counts()), s == null ? 0 : f.longs(s.byteDispls()), s == null ? 0 : f.handles(s.types()),
                f.memory(r.memory(), true), f.ints(r.counts()), f.longs(r.byteDispls()), f.handles(r.types()), start,
                f.sendArray(), f.recvArray(), out);
    }
}
