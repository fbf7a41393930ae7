package io.mpi4j.testkit.launch;

import java.io.Serializable;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
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
                context.getArguments().stream().map(CaseCapture::portable).toArray(), new ArrayList<>()));
        try {
            invocation.proceed();
        } finally {
            CURRENT.remove();
        }
    }

    /** An argument as it travels: records that are not serializable go as their components. */
    static Object portable(Object arg) {
        if (arg instanceof Record r && !(arg instanceof Serializable)) {
            RecordComponent[] rc = r.getClass().getRecordComponents();
            Object[] values = new Object[rc.length];
            for (int i = 0; i < rc.length; i++) {
                try {
                    rc[i].getAccessor().setAccessible(true);
                    values[i] = portable(rc[i].getAccessor().invoke(r));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + rc[i] + " of TCK argument " + arg, e);
                }
            }
            return new RecordArg(r.getClass().getName(), values);
        }
        return arg;
    }

    /** The argument {@link #portable} stood for. */
    static Object restore(Object arg) throws ReflectiveOperationException {
        if (!(arg instanceof RecordArg(String className, Object[] values))) {
            return arg;
        }
        Class<?> type = Class.forName(className);
        RecordComponent[] rc = type.getRecordComponents();
        Class<?>[] types = new Class<?>[rc.length];
        Object[] restored = new Object[rc.length];
        for (int i = 0; i < rc.length; i++) {
            types[i] = rc[i].getType();
            restored[i] = restore(values[i]);
        }
        var ctor = type.getDeclaredConstructor(types);
        ctor.setAccessible(true);
        return ctor.newInstance(restored);
    }

    /**
     * A record argument sent as its class and component values.
     *
     * @param className the record class
     * @param values its component values, each portable
     */
    record RecordArg(String className, Object[] values) implements Serializable {
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
