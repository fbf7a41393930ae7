package io.mpi4j.testkit.launch;

import java.io.Serializable;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
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

    /** Records the case about to run on this thread (also for {@link TryCapture}'s jqwik tries). */
    static void begin(Case c) {
        CURRENT.set(c);
    }

    /** Forgets the case that ran on this thread. */
    static void end() {
        CURRENT.remove();
    }

    /** The names of a method's parameter types, as a case names them. */
    static String[] parameterTypes(Method m) {
        return Arrays.stream(m.getParameterTypes()).map(Class::getName).toArray(String[]::new);
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
        begin(new Case(extension.getRequiredTestClass().getName(), m.getName(), parameterTypes(m),
                context.getArguments().stream().map(CaseCapture::portable).toArray(), new ArrayList<>()));
        try {
            invocation.proceed();
        } finally {
            end();
        }
    }

    /**
     * An argument as it travels: records go as their components where one of them needs it (or the
     * record does not serialize), lists, arrays of objects and {@code Optional}s element by element,
     * memory segments as their bytes, and other objects that are not serializable but are the value
     * of a public constant of their class (a predefined {@code Datatype} or {@code Op}) as that
     * constant's name.
     */
    static Object portable(Object arg) {
        if (arg instanceof MemorySegment m) {
            return new SegmentArg(m.toArray(ValueLayout.JAVA_BYTE));
        }
        if (arg instanceof List<?> list) {
            return new ListArg(list.stream().map(CaseCapture::portable).toArray());
        }
        if (arg instanceof Optional<?> o) {
            return new OptionalArg(o.map(CaseCapture::portable).orElse(null));
        }
        if (arg instanceof Object[] array) {
            return new ArrayArg(array.getClass().getComponentType().getName(),
                    Arrays.stream(array).map(CaseCapture::portable).toArray());
        }
        if (arg instanceof Record r) {
            // by its components when one of them needs it, even in a record that says it serializes
            RecordComponent[] rc = r.getClass().getRecordComponents();
            Object[] values = new Object[rc.length];
            boolean changed = !(arg instanceof Serializable);
            for (int i = 0; i < rc.length; i++) {
                try {
                    rc[i].getAccessor().setAccessible(true);
                    Object value = rc[i].getAccessor().invoke(r);
                    values[i] = portable(value);
                    changed |= values[i] != value;
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + rc[i] + " of TCK argument " + arg, e);
                }
            }
            return changed ? new RecordArg(r.getClass().getName(), values) : arg;
        }
        if (arg != null && !(arg instanceof Serializable)) {
            return constant(arg);
        }
        return arg;
    }

    /**
     * Classes whose public constants may stand for arguments, beside the argument's own class: the
     * user-defined operations the generators hand out are constants there.
     */
    private static final List<Class<?>> CONSTANT_HOLDERS = List.of(io.mpi4j.testkit.arbitraries.CollectiveArbitraries.class);

    /** A constant of the argument's class (or of a {@link #CONSTANT_HOLDERS} class) that holds it, or the argument itself. */
    private static Object constant(Object arg) {
        List<Class<?>> holders = new ArrayList<>(CONSTANT_HOLDERS);
        holders.addFirst(arg.getClass());
        for (Class<?> holder : holders) {
            Object found = constantIn(holder, arg);
            if (found != null) {
                return found;
            }
        }
        return arg; // sending it fails, naming its class (cases that never run a job do not care)
    }

    private static ConstantArg constantIn(Class<?> holder, Object arg) {
        for (Field f : holder.getFields()) {
            int mod = f.getModifiers();
            try {
                if (Modifier.isStatic(mod) && Modifier.isFinal(mod) && f.get(null) == arg) {
                    return new ConstantArg(holder.getName(), f.getName());
                }
            } catch (IllegalAccessException e) {
                // not readable: not the constant this looks for
            }
        }
        return null;
    }

    /** The argument {@link #portable} stood for. */
    static Object restore(Object arg) throws ReflectiveOperationException {
        if (arg instanceof SegmentArg(byte[] bytes)) {
            // native memory aligned for any element type, as the generators allocate it
            MemorySegment m = Arena.ofAuto().allocate(bytes.length, 16);
            MemorySegment.copy(MemorySegment.ofArray(bytes), 0, m, 0, bytes.length);
            return m;
        }
        if (arg instanceof OptionalArg(Object value)) {
            return Optional.ofNullable(restore(value));
        }
        if (arg instanceof ArrayArg(String componentType, Object[] elements)) {
            Object[] array = (Object[]) Array.newInstance(Class.forName(componentType), elements.length);
            for (int i = 0; i < elements.length; i++) {
                array[i] = restore(elements[i]);
            }
            return array;
        }
        if (arg instanceof ListArg(Object[] elements)) {
            List<Object> list = new ArrayList<>(elements.length);
            for (Object e : elements) {
                list.add(restore(e));
            }
            return list;
        }
        if (arg instanceof ConstantArg(String className, String field)) {
            return Class.forName(className).getField(field).get(null);
        }
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
     * A memory segment sent as its bytes (restored as native memory).
     *
     * @param bytes its contents
     */
    record SegmentArg(byte[] bytes) implements Serializable {
    }

    /**
     * An {@code Optional} argument sent as its value.
     *
     * @param value its value, portable, or {@code null} if empty
     */
    record OptionalArg(Object value) implements Serializable {
    }

    /**
     * An array of objects sent element by element.
     *
     * @param componentType the name of the array's component type
     * @param elements its elements, each portable
     */
    record ArrayArg(String componentType, Object[] elements) implements Serializable {
    }

    /**
     * A list argument sent element by element.
     *
     * @param elements its elements, each portable
     */
    record ListArg(Object[] elements) implements Serializable {
    }

    /**
     * An argument sent as the public constant that holds it.
     *
     * @param className the class declaring the constant
     * @param field the constant's name
     */
    record ConstantArg(String className, String field) implements Serializable {
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
