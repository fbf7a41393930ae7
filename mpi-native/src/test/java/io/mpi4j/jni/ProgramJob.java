package io.mpi4j.jni;

import io.mpi4j.testkit.launch.MpirunTckRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of a test program (a {@code main} class of {@code io.mpi4j.jni.programs}) as an mpirun job
 * of the native provider, bounded in time: killed with its processes when it outlasts the limit.
 *
 * @param ended whether the job ended by itself within the limit
 * @param exitCode the launcher's exit status (meaningless if it did not end)
 * @param output what the job printed, standard output and error together
 */
record ProgramJob(boolean ended, int exitCode, String output) {
    /**
     * Runs {@code main} on {@code ranks} processes.
     *
     * @param ranks the job's size
     * @param jvmOptions JVM options beyond those every job gets (native access, the provider, the class path)
     * @param main the program
     * @param args its arguments
     * @param limitSeconds how long the job may run
     * @return how it went
     * @throws IOException if the job cannot be started or its output read
     * @throws InterruptedException if interrupted while waiting for it
     */
    static ProgramJob run(int ranks, List<String> jvmOptions, Class<?> main, List<String> args, long limitSeconds)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(MpirunTckRunner.launchCommand(ranks));
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED", "-Dmpi4j.provider=native"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(args);
        Path log = Files.createTempFile("mpi4j-job-", ".log");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean ended = p.waitFor(limitSeconds, TimeUnit.SECONDS);
            if (!ended) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            return new ProgramJob(ended, ended ? p.exitValue() : -1, Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
