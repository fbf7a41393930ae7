package io.mpi4j.testkit.check;

/**
 * Where the program called into MPI: the outermost API call on the stack and the first frame
 * of the program's own code. Shared by the attribute-based and the tracker-based checks.
 *
 * @param call the API call, such as {@code "Intracomm.dup()"}
 * @param where the program's frame, such as {@code "com.example.T.m(T.java:12)"}, or
 *     {@code "unknown"}
 */
record CallSite(String call, String where) {
    /**
     * Walks the current thread's stack past mpi4j's, the testkit checkers' and the JDK's frames.
     *
     * @return the call site of the program's call that led here
     */
    static CallSite ofCaller() {
        // StackWalker reads frames lazily: it stops at the program's frame instead of capturing the
        // whole stack, which matters when every request of a test is tracked
        return StackWalker.getInstance().walk(frames -> {
            String call = "an MPI call";
            for (StackWalker.StackFrame f : (Iterable<StackWalker.StackFrame>) frames::iterator) {
                if (isMpiInternal(f.getClassName())) {
                    if (isApi(f.getClassName())) {
                        // frames run innermost first: the last API frame is the program's own call
                        call = simpleName(f.getClassName()) + "." + f.getMethodName() + "()";
                    }
                    continue;
                }
                return new CallSite(call, f.toStackTraceElement().toString());
            }
            return new CallSite(call, "unknown");
        });
    }

    private static boolean isApi(String className) {
        return className.startsWith("io.mpi4j.") && className.indexOf('.', "io.mpi4j.".length()) < 0;
    }

    private static boolean isMpiInternal(String className) {
        return isApi(className) || className.startsWith("io.mpi4j.spi.") || className.startsWith("io.mpi4j.sim.")
                || className.startsWith("io.mpi4j.testkit.check.") || className.startsWith("java.")
                || className.startsWith("jdk.") || className.startsWith("sun.");
    }

    private static String simpleName(String className) {
        String s = className.substring(className.lastIndexOf('.') + 1);
        int dollar = s.indexOf('$');
        return dollar < 0 ? s : s.substring(0, dollar);
    }
}
