package io.mpi4j.shm;

import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The receiving side of side-band segments ({@link ShmSideband}, which describes the layout):
 * copies a message out while its sender is still copying it in, then frees a pooled segment or
 * deletes a one-shot file.
 *
 * <p>Pooled segments stay mapped here, keyed by sender and slot, so that a reused segment costs
 * nothing to open; the least recently used ones are unmapped when the mappings exceed the pool
 * budget (a sender that deleted a segment leaves its pages to the last mapping of it, so this
 * bounds memory too).
 */
final class ShmSidebandReader implements AutoCloseable {
    /** How the wait for a sender's next chunk checks for failures; throws if the job has failed. */
    interface FailureCheck {
        /** Throws {@link MpiException} if the job has failed (a dead peer, an abort). */
        void check();
    }

    private final Path dir;
    private final int rank;
    private final int size;
    private final long budget;
    private final FailureCheck failures;
    private final Map<Long, Mapping> mapped = new LinkedHashMap<>(16, 0.75f, true);
    /** Payload bytes mapped, headers aside as in the sender's count, so that a full sender pool fits. */
    private long mappedBytes;

    /** A mapped pooled segment; {@code users} counts the threads copying from it, which keep it mapped. */
    private static final class Mapping {
        final Arena arena = Arena.ofShared();
        MemorySegment map;
        int users;
    }

    ShmSidebandReader(Path jobDir, int rank, int size, FailureCheck failures) {
        this.dir = jobDir.resolve("big");
        this.rank = rank;
        this.size = size;
        this.failures = failures;
        this.budget = Long.getLong(ShmSideband.POOL_PROPERTY, 64L << 20);
    }

    /**
     * Copies the first {@code n} bytes of a side-band message into {@code dst}, waiting for the
     * sender's chunks as needed, and frees its segment.
     *
     * @param source the sender's world rank
     * @param slot the pooled slot the record names, or 0 for a one-shot file
     * @param seq the sender's sequence number of the message
     * @param length the message's length, as its record says
     * @param dst where to copy; {@code n} bytes from its start
     * @param n how many bytes to copy, at most {@code length}
     * @param idle the backoff of the wait for chunks
     * @throws MpiException with {@link ErrorClass#ERR_INTERN} if the segment is missing, too short
     *         or holds another message, or the failure of the job while waiting
     */
    void read(int source, int slot, long seq, long length, MemorySegment dst, long n, Backoff idle) {
        if (slot == 0) {
            Path file = dir.resolve(ShmRecord.sidebandName(source, seq));
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment map = map(file, length, arena, true);
                checkSeq(map, seq);
                copy(map, length, dst, n, idle);
            } finally {
                deleteQuietly(file);
            }
            return;
        }
        Mapping m = take(source, slot, length);
        try {
            checkSeq(m.map, seq); // a record naming a segment that holds another message must not free it
            try {
                copy(m.map, length, dst, n, idle);
            } finally {
                ShmSideband.LONG.setRelease(m.map, ShmSideband.FREE, 1L);
            }
        } finally {
            give(m);
        }
    }

    /** Frees the segment of a message that is dropped unread. */
    void drop(int source, int slot, long seq, long length) {
        if (slot == 0) {
            deleteQuietly(dir.resolve(ShmRecord.sidebandName(source, seq)));
            return;
        }
        Mapping m;
        try {
            m = take(source, slot, length);
        } catch (MpiException ignored) {
            return; // a segment that cannot be mapped cannot be reused either
        }
        try {
            if ((long) ShmSideband.LONG.getAcquire(m.map, ShmSideband.SEQ) == seq) {
                ShmSideband.LONG.setRelease(m.map, ShmSideband.FREE, 1L);
            }
        } finally {
            give(m);
        }
    }

    private void checkSeq(MemorySegment map, long seq) {
        long found = (long) ShmSideband.LONG.getAcquire(map, ShmSideband.SEQ);
        if (found != seq) {
            throw corrupt("its segment holds message " + found + ", the record names " + seq);
        }
    }

    /** Copies {@code n} bytes out as the sender publishes them; the wait backs off and checks for failures. */
    private void copy(MemorySegment map, long length, MemorySegment dst, long n, Backoff idle) {
        long done = 0;
        idle.reset();
        while (done < n) {
            long written = (long) ShmSideband.LONG.getAcquire(map, ShmSideband.WRITTEN);
            if (written < 0 || written > length) {
                throw new MpiException(ErrorClass.ERR_OTHER, "shm: the sender of a message of " + length
                        + " bytes failed while copying it (written=" + written + ")");
            }
            long upTo = Math.min(written, n);
            if (upTo > done) {
                MemorySegment.copy(map, ShmSideband.HEADER + done, dst, done, upTo - done);
                done = upTo;
                idle.reset();
            } else {
                failures.check();
                idle.idle(0);
            }
        }
    }

    private synchronized Mapping take(int source, int slot, long length) {
        long key = (long) source << 32 | slot;
        Mapping m = mapped.get(key);
        if (m == null) {
            m = new Mapping();
            try {
                m.map = map(dir.resolve(ShmSideband.pooledName(source, rank, slot)), length, m.arena, false);
            } catch (MpiException e) {
                m.arena.close();
                throw e;
            }
            mapped.put(key, m);
            mappedBytes += m.map.byteSize() - ShmSideband.HEADER;
            m.users++;
            trim(); // after counting this reader, so that the mapping it needs stays
            return m;
        } else if (m.map.byteSize() < ShmSideband.HEADER + length) {
            throw corrupt("its pooled segment " + slot + " from rank " + source + " holds " + m.map.byteSize() + " bytes");
        }
        m.users++;
        return m;
    }

    private synchronized void give(Mapping m) {
        m.users--;
        trim();
    }

    /** Unmaps the least recently used mappings that no thread is reading, down to the budget. */
    private void trim() {
        for (Iterator<Mapping> it = mapped.values().iterator(); it.hasNext() && mappedBytes > budget;) {
            Mapping m = it.next();
            if (m.users == 0) {
                it.remove();
                mappedBytes -= m.map.byteSize() - ShmSideband.HEADER;
                m.arena.close();
            }
        }
    }

    /** Maps a segment of at least {@code length} payload bytes ({@code exact}: of exactly that many). */
    private MemorySegment map(Path file, long length, Arena arena, boolean exact) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long bytes = ch.size();
            if (exact ? bytes != ShmSideband.HEADER + length : bytes < ShmSideband.HEADER + length) {
                throw corrupt("its side-band file " + file + " has " + bytes + " bytes for a message of " + length);
            }
            return ch.map(FileChannel.MapMode.READ_WRITE, 0, bytes, arena);
        } catch (IOException e) {
            throw corrupt("cannot read its side-band file " + file + ": " + e);
        }
    }

    private MpiException corrupt(String what) {
        return new MpiException(ErrorClass.ERR_INTERN, "shm: a side-band message to rank " + rank + " (job of " + size
                + ") is malformed: " + what);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the job directory is deleted at the end anyway
        }
    }

    /** Unmaps every pooled segment that no thread is reading. */
    @Override
    public synchronized void close() {
        for (Iterator<Mapping> it = mapped.values().iterator(); it.hasNext();) {
            Mapping m = it.next();
            if (m.users == 0) {
                it.remove();
                m.arena.close();
            }
        }
    }
}
