package io.mpi4j.jni;

import io.mpi4j.testkit.launch.MpirunTckRunner;
import io.mpi4j.testkit.tck.Capability;
import io.mpi4j.testkit.tck.TckRunner;
import java.util.Set;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs TCK classes on the native provider under {@code mpirun}, and skips them, saying what to
 * install, where the build had no MPI compiler or no {@code mpirun} is on the path: a JUnit
 * condition for the cases, a jqwik hook for the properties (which also register
 * {@link io.mpi4j.testkit.launch.TryCapture} to be replayed in the job's processes).
 */
final class NativeTck implements ExecutionCondition, SkipExecutionHook {
    /**
     * The runner every native TCK class returns: the portable core, and a nonblocking {@code idup}
     * where the jobs run under MPICH, or under Open MPI at the default thread level MULTIPLE (below
     * it, Open MPI's idup is a blocking dup: README).
     */
    static final TckRunner RUNNER = new MpirunTckRunner("native",
            String.valueOf(System.getenv("MPIRUN")).contains("mpich")
                    || !"SINGLE".equals(System.getProperty("mpi4j.tck.threadLevel"))
                    ? Set.of(Capability.NONBLOCKING_DUP) : Set.of());

    /** Creates the condition (JUnit and jqwik instantiate it). */
    NativeTck() {
    }

    /** Why the native TCK cannot run here, or {@code null} if it can. */
    static String skipReason() {
        if (!NativeProvider.isLibraryPackaged()) {
            return "native TCK skipped: mpi-native was built without an MPI C compiler; " + NativeLibrary.INSTALL
                    + " and rebuild";
        }
        String why = MpirunTckRunner.unavailableReason();
        return why == null ? null : "native TCK skipped: " + why + "; " + NativeLibrary.INSTALL;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String why = skipReason();
        return why == null ? ConditionEvaluationResult.enabled("MPI library and mpirun found")
                : ConditionEvaluationResult.disabled(why);
    }

    /** Registered on a class, the hook reaches all its properties. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    /** The same decision for the TCK's jqwik properties, which JUnit's conditions do not reach. */
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        String why = skipReason();
        return why == null ? SkipResult.doNotSkip() : SkipResult.skip(why);
    }
}
