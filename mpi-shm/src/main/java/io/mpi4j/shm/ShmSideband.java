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

/**
 * The side-band files of messages longer than {@link ShmRecord#INLINE_MAX}: the sender copies the
 * payload into a new memory-mapped file of the job directory's {@code big} folder, then appends a
 * small record naming it; the receiver maps it, copies it into the receive buffer and deletes it.
 * One copy on each side, as through the queue, but without holding the message in the queue's
 * files or on the receiver's heap while it waits to be matched.
 */
final class ShmSideband {
    private final Path dir;
    private final int rank;

    ShmSideband(Path jobDir, int rank) throws IOException {
        this.dir = Files.createDirectories(jobDir.resolve("big"));
        this.rank = rank;
    }

    /** Writes the {@code bytes} bytes of {@code src} to the side-band file of this rank's message {@code seq}. */
    void write(long seq, MemorySegment src, long bytes) {
        Path file = dir.resolve(ShmRecord.sidebandName(rank, seq));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE); Arena arena = Arena.ofConfined()) {
            MemorySegment.copy(src, 0, ch.map(FileChannel.MapMode.READ_WRITE, 0, bytes, arena), 0, bytes);
        } catch (IOException e) {
            throw new MpiException(ErrorClass.ERR_OTHER, "shm: cannot write the side-band file " + file + " of a message of "
                    + bytes + " bytes: " + e, e);
        }
    }

    /**
     * Copies the first {@code n} bytes of a side-band message into {@code dst} and deletes its file.
     *
     * @param source the sender's world rank
     * @param seq the sender's sequence number of the message
     * @param length the message's length, as its record says
     * @param dst where to copy; {@code n} bytes from its start
     * @param n how many bytes to copy, at most {@code length}
     * @throws MpiException with {@link ErrorClass#ERR_INTERN} if the file is missing or of another length
     */
    void readAndDelete(int source, long seq, long length, MemorySegment dst, long n) {
        Path file = dir.resolve(ShmRecord.sidebandName(source, seq));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
            long size = ch.size();
            if (size != length) {
                throw new MpiException(ErrorClass.ERR_INTERN, "shm: the side-band file " + file + " has " + size
                        + " bytes, its record says length=" + length);
            }
            if (n > 0) {
                MemorySegment.copy(ch.map(FileChannel.MapMode.READ_ONLY, 0, n, arena), 0, dst, 0, n);
            }
        } catch (IOException e) {
            throw new MpiException(ErrorClass.ERR_INTERN, "shm: cannot read the side-band file " + file + ": " + e, e);
        } finally {
            delete(source, seq);
        }
    }

    /** Deletes a side-band file, if it is there (a message that is dropped unread). */
    void delete(int source, long seq) {
        try {
            Files.deleteIfExists(dir.resolve(ShmRecord.sidebandName(source, seq)));
        } catch (IOException ignored) {
            // the job directory is deleted at the end anyway
        }
    }
}
