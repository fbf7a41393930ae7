package io.mpi4j.jni;

import io.mpi4j.Datatype;
import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import io.mpi4j.TypeConstructor;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The committed MPI datatype of each mpi4j {@link Datatype} this session has communicated with:
 * built once from the type's {@link Datatype#constructor() constructor} with the matching
 * MPI_Type_create_* call (its element types first, each cached in turn), given mpi4j's bounds,
 * committed, and freed again when the program frees the datatype, when the datatype is garbage
 * collected, or at the latest when the session closes.
 *
 * <p>Every predefined type becomes a contiguous run of MPI_BYTEs of its size ({@code datatypes.c}
 * says why). Lookups are lock-free; building and freeing hold one lock, and happen once per type.
 */
final class TypeHandles {
    private final Map<Key, Long> handles = new ConcurrentHashMap<>();
    private final ReferenceQueue<Datatype> collected = new ReferenceQueue<>();
    private boolean closed;

    /**
     * Returns the committed MPI datatype of {@code t}, building it on first use.
     *
     * @param t a committed, live datatype
     * @return the MPI handle
     * @throws MpiException if MPI refuses to build the type, or the session is closed
     */
    long handle(Datatype t) {
        Long h = handles.get(new Key(t, null));
        if (h != null) {
            return h;
        }
        synchronized (this) {
            if (closed) {
                throw new MpiException(ErrorClass.ERR_OTHER, "native: the session is closed; no datatype " + t + " can be built");
            }
            sweep();
            return build(t);
        }
    }

    /**
     * Returns the MPI datatype cached for {@code t}, without building one: for the provider's tests.
     *
     * @param t a datatype
     * @return its handle, if this session has built one
     */
    OptionalLong cached(Datatype t) {
        Long h = handles.get(new Key(t, null));
        return h == null ? OptionalLong.empty() : OptionalLong.of(h);
    }

    /**
     * Returns the number of MPI datatypes this session holds.
     *
     * @return the count
     */
    int size() {
        return handles.size();
    }

    /** Frees every MPI datatype; called before MPI_Finalize. */
    synchronized void close() {
        closed = true;
        for (Map.Entry<Key, Long> e : handles.entrySet()) {
            JniTypes.free(e.getValue());
        }
        handles.clear();
    }

    /**
     * Frees the MPI types of datatypes the program has freed or dropped. MPI_Type_free leaves
     * pending operations, and the types built from the freed one, intact (MPI-4.1 §5.1.10).
     */
    private void sweep() {
        for (java.lang.ref.Reference<? extends Datatype> r; (r = collected.poll()) != null; ) {
            Long h = handles.remove((Key) r);
            if (h != null) {
                JniTypes.free(h);
            }
        }
        handles.entrySet().removeIf(e -> {
            Datatype t = e.getKey().get();
            if (t != null && t.isFreed()) {
                JniTypes.free(e.getValue());
                return true;
            }
            return false;
        });
    }

    /** Builds (or finds) the committed MPI type of {@code t}; the lock is held. */
    private long build(Datatype t) {
        Long cached = handles.get(new Key(t, null));
        if (cached != null) {
            return cached;
        }
        long raw = create(t);
        long[] out = new long[1];
        check(JniTypes.fit(raw, t.lowerBound(), t.extent(), hasEmptyMember(t), out), "type_commit", t);
        handles.put(new Key(t, collected), out[0]);
        return out[0];
    }

    /**
     * The byte displacements 0, -1, -2, ... of a vector whose blocks are one byte apart backwards,
     * built as an hindexed block instead: Open MPI 4.1's opal_datatype_add takes an extent argument
     * of -1 to mean "the type's own extent", so MPI_Type_vector and MPI_Type_create_hvector with a
     * byte stride of exactly -1 lay the blocks forwards (C: vector(2, 1, -1, BYTE) packs offsets 0
     * and 1, not 0 and -1, and a receive writes past the buffer); MPICH is right either way.
     */
    private static long[] strideOfMinusOne(int count) {
        long[] displs = new long[count];
        for (int i = 0; i < count; i++) {
            displs[i] = -i;
        }
        return displs;
    }

    /** Whether {@code t} is a struct with data and a member without any (whose displacement still sets a bound). */
    private static boolean hasEmptyMember(Datatype t) {
        return t.size() > 0 && t.constructor() instanceof TypeConstructor.Struct s
                && s.types().stream().anyMatch(m -> m.size() == 0);
    }

    /** The uncommitted MPI type built by {@code t}'s constructor, over the MPI types of its element types. */
    private long create(Datatype t) {
        long[] out = new long[1];
        int rc;
        if (t.size() == 0 || t.isPredefined()) {
            // a type without data is moved as nothing, whatever built it; its bounds come from fit
            rc = JniTypes.bytes((int) t.size(), out);
        } else {
            rc = switch (t.constructor()) {
                case TypeConstructor.Named n -> JniTypes.bytes((int) t.size(), out);
                case TypeConstructor.Dup d -> JniTypes.dup(build(d.oldType()), out);
                case TypeConstructor.Contiguous c -> JniTypes.contiguous(c.count(), build(c.oldType()), out);
                case TypeConstructor.Vector v -> (long) v.stride() * v.oldType().extent() == -1
                        ? JniTypes.indexedBlock(v.blocklength(), null, strideOfMinusOne(v.count()), build(v.oldType()), out)
                        : JniTypes.vector(v.count(), v.blocklength(), v.stride(), build(v.oldType()), out);
                case TypeConstructor.HVector v -> v.stride() == -1
                        ? JniTypes.indexedBlock(v.blocklength(), null, strideOfMinusOne(v.count()), build(v.oldType()), out)
                        : JniTypes.hvector(v.count(), v.blocklength(), v.stride(), build(v.oldType()), out);
                case TypeConstructor.Indexed x -> JniTypes.indexed(ints(x.blocklengths()), ints(x.displacements()), null,
                        build(x.oldType()), out);
                case TypeConstructor.HIndexed x -> JniTypes.indexed(ints(x.blocklengths()), null, longs(x.displacements()),
                        build(x.oldType()), out);
                case TypeConstructor.IndexedBlock x -> JniTypes.indexedBlock(x.blocklength(), ints(x.displacements()), null,
                        build(x.oldType()), out);
                case TypeConstructor.HIndexedBlock x -> JniTypes.indexedBlock(x.blocklength(), null, longs(x.displacements()),
                        build(x.oldType()), out);
                case TypeConstructor.Struct x -> {
                    long[] types = new long[x.types().size()];
                    for (int i = 0; i < types.length; i++) {
                        types[i] = build(x.types().get(i));
                    }
                    yield JniTypes.struct(ints(x.blocklengths()), longs(x.displacements()), types, out);
                }
                case TypeConstructor.Subarray x -> JniTypes.subarray(ints(x.sizes()), ints(x.subsizes()), ints(x.starts()),
                        x.order() == Datatype.Order.FORTRAN, build(x.oldType()), out);
                case TypeConstructor.Darray x -> {
                    int[] distribs = new int[x.distribs().size()];
                    for (int i = 0; i < distribs.length; i++) {
                        distribs[i] = x.distribs().get(i).ordinal();
                    }
                    yield JniTypes.darray(x.size(), x.rank(), ints(x.gsizes()), distribs, ints(x.dargs()), ints(x.psizes()),
                            x.order() == Datatype.Order.FORTRAN, build(x.oldType()), out);
                }
                case TypeConstructor.Resized x -> JniTypes.resized(build(x.oldType()), x.lowerBound(), x.extent(), out);
            };
        }
        check(rc, "type_create", t);
        return out[0];
    }

    private static void check(int rc, String op, Datatype t) {
        if (rc != 0) {
            MpiException e = Errors.exception(rc, op + " of " + t);
            throw new MpiException(e.errorClass(), "native: MPI could not build the datatype " + t + ": " + e.getMessage(), e);
        }
    }

    private static int[] ints(List<Integer> values) {
        int[] r = new int[values.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = values.get(i);
        }
        return r;
    }

    private static long[] longs(List<Long> values) {
        long[] r = new long[values.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = values.get(i);
        }
        return r;
    }

    /**
     * A datatype as a map key: by identity, without keeping it reachable. A key made for a lookup
     * ({@code queue == null}) equals the stored key of the same live datatype.
     */
    private static final class Key extends WeakReference<Datatype> {
        private final int hash;

        Key(Datatype t, ReferenceQueue<Datatype> queue) {
            super(t, queue);
            this.hash = System.identityHashCode(t);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof Key k)) {
                return false;
            }
            Datatype t = get();
            return t != null && t == k.get();
        }
    }
}
