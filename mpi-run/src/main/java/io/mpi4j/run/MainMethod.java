package io.mpi4j.run;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * The entry point of a launched program: the {@code main} method of its main class, found as the
 * {@code java} launcher finds it (JLS §12.1.4, JEP 512).
 *
 * <p>A {@code main(String[])} is preferred to a {@code main()}; either may be static or an instance
 * method (then the class needs a non-private constructor without parameters), declared in the class
 * or inherited, and must not be private.
 *
 * @param mainClass the class
 * @param method its entry point
 */
record MainMethod(Class<?> mainClass, Method method) {

    /**
     * Finds the entry point of a class, without initializing the class.
     *
     * @param mainClass the class
     * @return the entry point
     * @throws NoSuchMethodException with a message that says what to declare, if there is none
     */
    static MainMethod find(Class<?> mainClass) throws NoSuchMethodException {
        Method m = lookup(mainClass, String[].class);
        if (m == null) {
            m = lookup(mainClass);
        }
        if (m == null) {
            throw new NoSuchMethodException("class " + mainClass.getName()
                    + " has no main method; declare 'public static void main(String[] args)' in it");
        }
        if (!Modifier.isStatic(m.getModifiers())) {
            try {
                Constructor<?> c = mainClass.getDeclaredConstructor();
                if (Modifier.isPrivate(c.getModifiers())) {
                    throw new NoSuchMethodException();
                }
            } catch (NoSuchMethodException e) {
                throw new NoSuchMethodException("class " + mainClass.getName() + " has an instance main method but no"
                        + " non-private constructor without parameters; add one, or make main static");
            }
        }
        return new MainMethod(mainClass, m);
    }

    private static Method lookup(Class<?> type, Class<?>... parameters) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                Method m = c.getDeclaredMethod("main", parameters);
                if (!Modifier.isPrivate(m.getModifiers()) && m.getReturnType() == void.class) {
                    return m;
                }
            } catch (NoSuchMethodException e) {
                // look in the superclass
            }
        }
        return null;
    }

    /**
     * Runs the entry point on the calling thread.
     *
     * @param args the program arguments (a copy is passed, so ranks never share the array)
     * @throws Exception whatever the program threw, unwrapped from reflection
     */
    void invoke(String[] args) throws Exception {
        method.setAccessible(true);
        try {
            Object target = null;
            if (!Modifier.isStatic(method.getModifiers())) {
                Constructor<?> c = mainClass.getDeclaredConstructor();
                c.setAccessible(true);
                target = c.newInstance();
            }
            if (method.getParameterCount() == 1) {
                method.invoke(target, (Object) args.clone());
            } else {
                method.invoke(target);
            }
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            trimLauncherFrames(cause);
            switch (cause) {
                case Exception ex -> throw ex;
                case Error err -> throw err;
                default -> throw e;
            }
        }
    }

    /**
     * Removes the frames below the program's {@code main} (reflection, the launcher and the
     * provider) from a stack trace, so that a report shows the program's frames only.
     */
    private void trimLauncherFrames(Throwable t) {
        StackTraceElement[] frames = t.getStackTrace();
        for (int i = frames.length - 1; i >= 0; i--) {
            if (frames[i].getMethodName().equals("main") && frames[i].getClassName().equals(method.getDeclaringClass().getName())) {
                if (i < frames.length - 1) {
                    t.setStackTrace(java.util.Arrays.copyOf(frames, i + 1));
                }
                return;
            }
        }
    }
}
