package io.mpi4j.shm;

import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The sending side of side-band segments, which carry messages longer than
 * {@link ShmRecord#INLINE_MAX}: a segment is a file of the job directory's {@code big} folder, a
 * {@link #HEADER} of counters followed by the payload.
 *
 * <h2>Pooled and one-shot segments</h2>
 * Each rank keeps a pool of segments per destination ({@code big/pSOURCE-DEST-SLOT}), created on
 * the first long message that finds no free one and reused afterwards: both processes keep them
 * mapped, so a reused segment costs no file creation, page fault or unmap, only one copy on each
 * side. The pools of a rank hold at most the bytes that the system property
 * {@value #POOL_PROPERTY} names (64 MiB unless set), over all destinations; a
 * message that does not fit, or finds every pooled segment still unread, gets a one-shot file
 * ({@code big/SOURCE-SEQUENCE}) that the receiver deletes once read. Sends stay eager (the sender
 * never waits for the receiver), so message order, wildcard matching and unmatched messages
 * behave as for inline ones, and disk use is the pool plus the unmatched long messages.
 *
 * <h2>Pipelining</h2>
 * The record naming a segment is appended before the payload is copied; the sender then copies
 * {@link #CHUNK} bytes at a time and publishes the count written ({@link #WRITTEN}, a release
 * store), and a receiver that has matched the message copies each chunk out while the next is
 * being copied in. On two cores both copies run at once, so a message takes about one copy, not
 * two, and a chunk is still in the cache when the receiver reads it. A failed sender copy
 * publishes {@code -1}, so that the receiver fails instead of waiting.
 *
 * <h2>Hand-over</h2>
 * The header's {@link #FREE} word is set by the receiver (release) when it has read the message
 * or dropped it; the sender reuses a segment only when it is free and no thread of the sender is
 * still copying into it (a receiver that truncates frees the segment before the copy ends).
 */
final class ShmSideband implements AutoCloseable {
    /** Bytes before the payload: one page, so that the payload is page-aligned. */
    static final long HEADER = 4096;
    /** Header offset of the sequence number of the message in the segment (checked by the receiver). */
    static final long SEQ = 0;
    /** Header offset of the number of payload bytes written so far; {@code -1} if the sender failed. */
    static final long WRITTEN = 64;
    /** Header offset of the free word: 1 once the receiver has read the message; its own cache line. */
    static final long FREE = 128;
    /** The pipelining step: small enough to stay in the cache between the two copies. */
    static final long CHUNK = 256 << 10;
    /** The system property bounding the bytes of one rank's pooled segments. */
    static final String POOL_PROPERTY = "mpi4j.shm.poolBytes";
    /** Pooled segments are sized in these steps (below it, in powers of two), so that similar messages share one. */
    private static final long GRANULE = 1 << 20;
    static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final Path dir;
    private final int rank;
    private final long budget;
    private final List<List<Segment>> pools = new ArrayList<>();
    private final int[] nextSlot;
    private long pooledBytes;

    /** A pooled segment of this rank, mapped for as long as it is pooled. */
    private static final class Segment {
        final int dest;
        final int slot;
        final Path file;
        final Arena arena = Arena.ofShared();
        final MemorySegment map;
        /** Guarded by the sideband: a thread of this rank is copying into it. */
        boolean writing;

        Segment(int dest, int slot, Path file, long capacity) throws IOException {
            this.dest = dest;
            this.slot = slot;
            this.file = file;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                map = ch.map(FileChannel.MapMode.READ_WRITE, 0, HEADER + capacity, arena);
            } catch (IOException | RuntimeException e) {
                arena.close();
                throw e;
            }
        }

        long capacity() {
            return map.byteSize() - HEADER;
        }

        boolean free() {
            return !writing && (long) LONG.getAcquire(map, FREE) == 1;
        }
    }

    ShmSideband(Path jobDir, int rank, int size) throws IOException {
        this.dir = Files.createDirectories(jobDir.resolve("big"));
        this.rank = rank;
        this.nextSlot = new int[size];
        for (int r = 0; r < size; r++) {
            pools.add(new ArrayList<>());
        }
        this.budget = Long.getLong(POOL_PROPERTY, 64L << 20);
    }

    /** The file of pooled segment {@code slot} from {@code source} to {@code dest}. */
    static String pooledName(int source, int dest, int slot) {
        return "p" + source + "-" + dest + "-" + slot;
    }

    /**
     * A segment ready for one message: its header is written, the payload not yet.
     *
     * @param slot what the record names: the pooled slot, or 0 for a one-shot file
     */
    record Out(int slot, MemorySegment map, Segment pooled, Arena oneShot) {
        /**
         * Copies the payload in {@link #CHUNK} steps, publishing the count after each, or
         * publishes {@code -1} if the copy fails.
         */
        void copyFrom(MemorySegment src, long bytes) {
            long done = 0;
            try {
                while (done < bytes) {
                    long n = Math.min(CHUNK, bytes - done);
                    MemorySegment.copy(src, done, map, HEADER + done, n);
                    done += n;
                    LONG.setRelease(map, WRITTEN, done);
                }
            } finally {
                if (done < bytes) {
                    LONG.setRelease(map, WRITTEN, -1L);
                }
            }
        }
    }

    /**
     * Takes a free pooled segment to {@code dest} that holds {@code bytes}, or makes one, or makes
     * a one-shot file; writes the header of message {@code seq}. {@link #release} must follow.
     */
    Out open(int dest, long seq, long bytes) {
        Segment s = acquire(dest, bytes);
        if (s != null) {
            header(s.map, seq);
            return new Out(s.slot, s.map, s, null);
        }
        Path file = dir.resolve(ShmRecord.sidebandName(rank, seq));
        Arena arena = Arena.ofConfined();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            MemorySegment map = ch.map(FileChannel.MapMode.READ_WRITE, 0, HEADER + bytes, arena);
            header(map, seq);
            return new Out(0, map, null, arena);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw new MpiException(ErrorClass.ERR_OTHER, "shm: cannot create the side-band file " + file + " of a message of "
                    + bytes + " bytes: " + e, e);
        }
    }

    private static void header(MemorySegment map, long seq) {
        LONG.set(map, SEQ, seq);
        LONG.set(map, WRITTEN, 0L);
        LONG.set(map, FREE, 0L); // published with the record, which Chronicle writes after this
    }

    /** Ends the copy of a message: a pooled segment may be reused once read, a one-shot mapping goes. */
    void release(Out out) {
        if (out.pooled != null) {
            synchronized (this) {
                out.pooled.writing = false;
            }
        } else {
            out.oneShot.close();
        }
    }

    private synchronized Segment acquire(int dest, long bytes) {
        Segment best = null;
        for (Segment s : pools.get(dest)) {
            if (s.capacity() >= bytes && s.free() && (best == null || s.capacity() < best.capacity())) {
                best = s;
            }
        }
        if (best == null) {
            long capacity = bytes <= GRANULE ? Long.highestOneBit(bytes - 1) << 1 : (bytes + GRANULE - 1) / GRANULE * GRANULE;
            if (capacity > budget || nextSlot[dest] == Integer.MAX_VALUE || !makeRoom(capacity)) {
                return null;
            }
            int slot = ++nextSlot[dest];
            try {
                best = new Segment(dest, slot, dir.resolve(pooledName(rank, dest, slot)), capacity);
            } catch (IOException e) {
                return null; // a one-shot file reports the problem, if there is one
            }
            pools.get(dest).add(best);
            pooledBytes += capacity;
        }
        best.writing = true;
        return best;
    }

    /** Deletes free pooled segments, largest first, until {@code capacity} more bytes fit the budget. */
    private boolean makeRoom(long capacity) {
        while (pooledBytes + capacity > budget) {
            Segment victim = null;
            for (List<Segment> pool : pools) {
                for (Segment s : pool) {
                    if (s.free() && (victim == null || s.capacity() > victim.capacity())) {
                        victim = s;
                    }
                }
            }
            if (victim == null) {
                return false;
            }
            pools.get(victim.dest).remove(victim);
            pooledBytes -= victim.capacity();
            victim.arena.close();
            try {
                Files.deleteIfExists(victim.file); // the receiver's mapping, if any, keeps its pages until it unmaps
            } catch (IOException ignored) {
                // the job directory is deleted at the end anyway
            }
        }
        return true;
    }

    /** Unmaps the pooled segments; their files go with the job directory (a receiver may still read them). */
    @Override
    public synchronized void close() {
        for (List<Segment> pool : pools) {
            for (Segment s : pool) {
                if (!s.writing) {
                    s.arena.close();
                }
            }
            pool.clear();
        }
    }
}
