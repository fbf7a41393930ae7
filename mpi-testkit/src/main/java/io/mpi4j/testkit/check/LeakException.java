package io.mpi4j.testkit.check;

import java.util.List;
import java.util.stream.Collectors;
import org.opentest4j.AssertionFailedError;

/**
 * Thrown when a run left resources behind at finalize: the test assertion of
 * {@link LeakCheck#assertNoLeaks}, and the failure of an {@code @MpiTest} with leak checks on.
 */
public class LeakException extends AssertionFailedError {
    private static final long serialVersionUID = 1L;

    /** The leaks, in rank order. */
    private final transient List<Leak> leaks;

    /**
     * Creates the exception.
     *
     * @param context what ran, for the first line of the message, for example {@code "@MpiTest on 4 ranks"}
     * @param leaks the leaks found, at least one
     */
    public LeakException(String context, List<Leak> leaks) {
        super(message(context, leaks));
        this.leaks = List.copyOf(leaks);
    }

    private static String message(String context, List<Leak> leaks) {
        return context + " left " + leaks.size() + (leaks.size() == 1 ? " resource" : " resources")
                + " behind at finalize:\n" + leaks.stream().map(l -> "  " + l).collect(Collectors.joining("\n"));
    }

    /**
     * Returns the leaks.
     *
     * @return the leaks, in rank order
     */
    public List<Leak> leaks() {
        return leaks;
    }
}
