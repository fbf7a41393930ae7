package io.mpi4j.shm;

import io.mpi4j.testkit.launch.CaseCapture;
import io.mpi4j.testkit.tck.CommunicatorPropertiesTck;
import io.mpi4j.testkit.tck.TckRunner;
import java.util.List;
import net.jqwik.api.Disabled;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Lists {@link CommunicatorPropertiesTck} on the {@code shm} provider, where its jqwik properties
 * cannot run: the mpirun runner replays a case in the rank JVMs by its JUnit Jupiter name
 * ({@link CaseCapture}), and a jqwik try is no Jupiter test. The same splits and creates run as
 * Jupiter cases in {@link ShmCommunicatorCreationTckTest}, {@link ShmGroupsTckTest} and
 * {@link ShmCommunicatorLifecycleTckTest}.
 */
@ExtendWith(CaseCapture.class)
class ShmCommunicatorPropertiesTckTest extends CommunicatorPropertiesTck {
    private static final String WHY = "jqwik properties cannot be replayed in the rank JVMs of the mpirun runner "
            + "(it replays JUnit Jupiter cases by name); sim runs them in-process";

    @Override
    protected TckRunner runner() {
        return ShmTck.RUNNER;
    }

    @Override
    @Property
    @Disabled(WHY)
    public void splitMatchesTheSequentialModel(@ForAll("splits") SplitArgs args) {
        // not run: see WHY
    }

    @Override
    @Property
    @Disabled(WHY)
    public void splitsOfSplitsMatchTheComposedModel(@ForAll("nestedSplits") List<SplitArgs> levels) {
        // not run: see WHY
    }

    @Override
    @Property
    @Disabled(WHY)
    public void createMatchesTheGroup(@ForAll("subgroups") int[] sizeAndMembers) {
        // not run: see WHY
    }
}
