package io.mpi4j.jni;

import io.mpi4j.testkit.launch.MpirunTckRunner;
import io.mpi4j.testkit.tck.TckRunner;
import java.util.Set;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs TCK classes on the native provider under {@code mpirun}, and skips them, saying what to
 * install, where the build had no MPI compiler or no {@code mpirun} is on the path.
 */
final class NativeTck implements ExecutionCondition {
    /** The runner every native TCK class returns; no capability beyond the portable core. */
    static final TckRunner RUNNER = new MpirunTckRunner("native", Set.of());

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!NativeProvider.isLibraryPackaged()) {
            return ConditionEvaluationResult.disabled("native TCK skipped: mpi-native was built without an MPI C "
                    + "compiler; " + NativeLibrary.INSTALL + " and rebuild");
        }
        String why = MpirunTckRunner.unavailableReason();
        if (why != null) {
            return ConditionEvaluationResult.disabled("native TCK skipped: " + why + "; " + NativeLibrary.INSTALL);
        }
        return ConditionEvaluationResult.enabled("MPI library and mpirun found");
    }
}
