package io.mpi4j.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.mpi4j.ErrorClass;
import io.mpi4j.MpiException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.openhft.chronicle.bytes.Bytes;

/**
 * Properties of the record decoder: whatever bytes it is given (random, or valid records that are
 * truncated or have bytes overwritten), it returns a record or throws {@link MpiException} with
 * {@link ErrorClass#ERR_INTERN}, and never anything else; a valid record decodes to what was
 * encoded. The decoder has no loop and allocates at most {@link ShmRecord#INLINE_MAX} bytes, so
 * it cannot hang; {@link ShmMalformedRecordTest} checks the reader around it.
 */
class ShmRecordFuzzTest {
    /** A record as the encoder writes it, with its fields, for mutation. */
    record Valid(int kind, int context, int source, int tag, long seq, byte[] payload) {
        byte[] bytes() {
            Bytes<byte[]> b = Bytes.allocateElasticOnHeap(ShmRecord.HEADER + payload.length);
            boolean big = kind == ShmRecord.BIG || kind == ShmRecord.SYNC_BIG;
            long length = big ? ShmRecord.INLINE_MAX + 1L + payload.length : payload.length;
            ShmRecord.writeHeader(b, kind, context, source, tag, seq, length, big ? 0 : payload.length);
            if (!big) {
                b.write(payload);
            }
            byte[] out = new byte[(int) b.readRemaining()];
            b.read(out);
            return out;
        }
    }

    @Provide
    Arbitrary<Valid> valid() {
        return Combinators.combine(Arbitraries.of(ShmRecord.DATA, ShmRecord.SYNC_DATA, ShmRecord.ACK, ShmRecord.BIG, ShmRecord.SYNC_BIG),
                Arbitraries.integers(), Arbitraries.integers().between(0, 7), Arbitraries.integers(),
                Arbitraries.longs(), Arbitraries.bytes().array(byte[].class).ofMaxSize(64))
                .as((kind, context, source, tag, seq, payload) -> new Valid(kind, context, source, tag, seq,
                        kind == ShmRecord.ACK ? new byte[0] : payload));
    }

    private static ShmRecord.Decoded decodeOrIntern(byte[] bytes, int worldSize) {
        try {
            return ShmRecord.decode(Bytes.wrapForRead(bytes), worldSize, 0);
        } catch (MpiException e) {
            assertEquals(ErrorClass.ERR_INTERN, e.errorClass(), e.getMessage());
            assertTrue(e.getMessage().contains("malformed record"), e.getMessage());
            return null;
        } catch (RuntimeException e) {
            fail("the decoder threw " + e + " instead of ERR_INTERN", e);
            return null;
        }
    }

    @Property(tries = 3000)
    void randomBytesDecodeOrFailWithErrIntern(@ForAll @Size(max = 120) byte[] bytes, @ForAll @IntRange(min = 1, max = 64) int worldSize) {
        decodeOrIntern(bytes, worldSize);
    }

    @Property(tries = 1000)
    void validRecordsDecodeToWhatWasEncoded(@ForAll("valid") Valid v) {
        ShmRecord.Decoded d = decodeOrIntern(v.bytes(), 8);
        switch (d) {
            case ShmRecord.Ack a -> assertEquals(List.of(v.source(), v.seq()), List.of(a.source(), a.seq()));
            case ShmRecord.Message m -> {
                assertEquals(List.of(v.context(), v.source(), v.tag(), v.seq()), List.of(m.context(), m.source(), m.tag(), m.seq()));
                if (m.inline() != null) {
                    assertEquals(List.of(v.payload().length), List.of(m.inline().length));
                    assertTrue(java.util.Arrays.equals(v.payload(), m.inline()));
                }
            }
            case null -> fail("a valid record was refused");
        }
    }

    @Property(tries = 3000)
    void truncatedRecordsFailWithErrIntern(@ForAll("valid") Valid v, @ForAll @IntRange(min = 0, max = 200) int cut) {
        byte[] whole = v.bytes();
        int keep = Math.min(cut, whole.length - 1);
        assertEquals(null, decodeOrIntern(java.util.Arrays.copyOf(whole, keep), 8), "a record cut to " + keep + " bytes decoded");
    }

    @Property(tries = 3000)
    void recordsWithOverwrittenBytesDecodeOrFailWithErrIntern(@ForAll("valid") Valid v,
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 99) Integer> positions, @ForAll byte value,
            @ForAll @IntRange(min = 1, max = 64) int worldSize) {
        byte[] bytes = v.bytes();
        for (int p : positions) {
            bytes[p % bytes.length] ^= (byte) (value | 1);
        }
        decodeOrIntern(bytes, worldSize);
    }
}
