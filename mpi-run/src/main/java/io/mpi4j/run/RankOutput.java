package io.mpi4j.run;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rank-tagged output: while a job runs, {@code System.out} and {@code System.err} are replaced by
 * streams that prefix every line written by a rank with that rank, as {@code [2] text}.
 *
 * <p>A thread belongs to a rank once it has called {@link #bind(int)}; threads it starts inherit
 * the rank (an {@link InheritableThreadLocal}). Each rank's partial lines are buffered until their
 * newline, so lines of different ranks never interleave mid-line; each complete line reaches the
 * target stream in one write. Output of threads that belong to no rank passes through unchanged
 * and at once. {@link #close()} writes every rank's unfinished last line and restores the original
 * streams.
 *
 * <p>Without tagging ({@code --no-tag}) lines are still buffered per rank, only the prefix is left
 * out.
 */
final class RankOutput implements AutoCloseable {
    private final InheritableThreadLocal<Integer> rank = new InheritableThreadLocal<>();
    private final PrintStream originalOut;
    private final PrintStream originalErr;
    private final LineRouter outRouter;
    private final LineRouter errRouter;
    private final PrintStream taggedOut;
    private final PrintStream taggedErr;
    private boolean closed;

    private RankOutput(PrintStream out, PrintStream err, boolean tag) {
        this.originalOut = System.out;
        this.originalErr = System.err;
        this.outRouter = new LineRouter(out, tag);
        this.errRouter = new LineRouter(err, tag);
        this.taggedOut = new PrintStream(outRouter, true, out.charset());
        this.taggedErr = new PrintStream(errRouter, true, err.charset());
    }

    /**
     * Installs rank-tagged streams as {@code System.out} and {@code System.err}.
     *
     * @param out where standard output lines go
     * @param err where standard error lines go
     * @param tag whether lines are prefixed with their rank
     * @return the installed output; close it to restore the original streams
     */
    static RankOutput install(PrintStream out, PrintStream err, boolean tag) {
        RankOutput output = new RankOutput(out, err, tag);
        System.setOut(output.taggedOut);
        System.setErr(output.taggedErr);
        return output;
    }

    /**
     * Makes the calling thread, and the threads it starts from now on, write as the given rank.
     *
     * @param worldRank the rank
     */
    void bind(int worldRank) {
        rank.set(worldRank);
    }

    /** Writes every rank's unfinished line (with a newline added), and restores the original streams. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        taggedOut.flush();
        taggedErr.flush();
        outRouter.finish();
        errRouter.finish();
        if (System.out == taggedOut) {
            System.setOut(originalOut);
        }
        if (System.err == taggedErr) {
            System.setErr(originalErr);
        }
    }

    /** Routes the bytes written by each rank, line by line, to one target stream. */
    private final class LineRouter extends OutputStream {
        private final PrintStream target;
        private final boolean tag;
        private final Map<Integer, LineBuffer> lines = new ConcurrentHashMap<>();

        LineRouter(PrintStream target, boolean tag) {
            this.target = target;
            this.tag = tag;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            Integer r = rank.get();
            if (r == null) {
                target.write(b, off, len);
                return;
            }
            lines.computeIfAbsent(r, this::newBuffer).append(b, off, len);
        }

        @Override
        public void flush() {
            target.flush();
        }

        private LineBuffer newBuffer(int r) {
            return new LineBuffer(target, tag ? ("[" + r + "] ").getBytes(StandardCharsets.US_ASCII) : new byte[0]);
        }

        void finish() {
            for (LineBuffer l : lines.values()) {
                l.finish();
            }
            target.flush();
        }
    }

    /** The unfinished line of one rank on one stream. */
    private static final class LineBuffer {
        private final PrintStream target;
        private final byte[] prefix;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineBuffer(PrintStream target, byte[] prefix) {
            this.target = target;
            this.prefix = prefix;
            line.writeBytes(prefix);
        }

        synchronized void append(byte[] b, int off, int len) {
            int start = off;
            int end = off + len;
            for (int i = off; i < end; i++) {
                if (b[i] == '\n') {
                    line.write(b, start, i + 1 - start);
                    emit();
                    start = i + 1;
                }
            }
            line.write(b, start, end - start);
        }

        synchronized void finish() {
            if (line.size() > prefix.length) {
                line.write('\n');
                emit();
            }
        }

        private void emit() {
            byte[] bytes = line.toByteArray();
            target.write(bytes, 0, bytes.length);
            target.flush();
            line.reset();
            line.writeBytes(prefix);
        }
    }
}
