package io.mpi4j.testkit.launch;

import java.io.Serializable;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * A JUnit extension that records which TCK case is running (class, method and arguments), so that
 * {@link MpirunTckRunner} can replay it by name in the processes of an MPI job. Register it on
 * every test class that uses an {@link MpirunTckRunner}.
 */
public final class CaseCapture implements InvocationInterceptor {
    private static final ThreadLocal<Case> CURRENT = new ThreadLocal<>();

    /** Creates the extension (JUnit instantiates it). */
    public CaseCapture() {
    }

    /** The case running on this thread, or {@code null}. */
    static Case current() {
        return CURRENT.get();
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> context,
            ExtensionContext extension) throws Throwable {
        intercept(invocation, context, extension);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> context,
            ExtensionContext extension) throws Throwable {
        intercept(invocation, context, extension);
    }

    private static void intercept(Invocation<Void> invocation, ReflectiveInvocationContext<Method> context,
            ExtensionContext extension) throws Throwable {
        Method m = context.getExecutable();
        String[] types = Arrays.stream(m.getParameterTypes()).map(Class::getName).toArray(String[]::new);
        CURRENT.set(new Case(extension.getRequiredTestClass().getName(), m.getName(), types,
                context.getArguments().toArray(), new ArrayList<>()));
        try {
            invocation.proceed();
        } finally {
            CURRENT.remove();
        }
    }

    /**
     * One invocation of a TCK case.
     *
     * @param className the concrete test class
     * @param method the case method's name
     * @param parameterTypes the names of its parameter types
     * @param arguments its arguments
     * @param previous the results of the jobs this invocation already ran, in order
     */
    record Case(String className, String method, String[] parameterTypes, Object[] arguments,
            List<List<Object>> previous) implements Serializable {
    }
}
