package io.mpi4j.run;

/**
 * The {@code mpi4jrun} command: runs a Java program's {@code main} on N ranks and exits with the
 * job's status (see {@link Launcher} for the exit codes).
 *
 * {@snippet lang=shell :
 * mpi4jrun -n 4 -cp app.jar com.example.Main arg1 arg2
 * }
 */
public final class Mpi4jRun {
    private Mpi4jRun() {
    }

    /**
     * Runs the command and exits the JVM with the job's status.
     *
     * @param args {@code -n N [options] MAIN_CLASS [ARGS...]}; {@code --help} lists the options
     */
    public static void main(String[] args) {
        System.exit(Launcher.run(args, System.out, System.err));
    }
}
