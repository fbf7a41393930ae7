package io.mpi4j.testkit.launch;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.lifecycle.AroundTryHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.TryExecutionResult;
import net.jqwik.api.lifecycle.TryExecutor;
import net.jqwik.api.lifecycle.TryLifecycleContext;

/**
 * The jqwik counterpart of {@link CaseCapture}: records each try of a property (class, method and
 * the generated arguments) as the running TCK case, so that {@link MpirunTckRunner} replays the try
 * by name, with the same arguments, in the processes of an MPI job. Register it with
 * {@code @AddLifecycleHook(TryCapture.class)} on every property class that uses an
 * {@link MpirunTckRunner}.
 */
public final class TryCapture implements AroundTryHook {
    /** Creates the hook (jqwik instantiates it). */
    public TryCapture() {
    }

    /** Registered on a class, the hook reaches the tries of all its properties. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public TryExecutionResult aroundTry(TryLifecycleContext context, TryExecutor aTry, List<Object> parameters) {
        CaseCapture.begin(new CaseCapture.Case(context.containerClass().getName(), context.targetMethod().getName(),
                CaseCapture.parameterTypes(context.targetMethod()),
                parameters.stream().map(CaseCapture::portable).toArray(), new ArrayList<>()));
        try {
            return aTry.execute(parameters);
        } finally {
            CaseCapture.end();
        }
    }
}
