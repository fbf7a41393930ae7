package io.mpi4j.testkit.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The testkit tests itself (issue 8): every known-buggy program of the corpus is flagged with the
 * right category, and no correct one is flagged.
 */
class CorpusTest {
    static List<Program> buggy() {
        return Corpus.buggy();
    }

    static List<Program> correct() {
        return Corpus.correct();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("buggy")
    void buggyProgramIsFlagged(Program program) {
        assertEquals(program.expected(), program.run(), program::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("correct")
    void correctProgramIsNotFlagged(Program program) {
        assertEquals(program.expected(), program.run(), program::toString);
    }

    @Test
    void theCorpusIsLargeEnough() {
        assertTrue(Corpus.buggy().size() >= 30, "at least 30 buggy programs");
        assertTrue(Corpus.correct().size() >= Corpus.buggy().size() - 5, "about as many correct programs");
    }
}
