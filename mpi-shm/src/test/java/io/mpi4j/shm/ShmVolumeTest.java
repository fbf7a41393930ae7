package io.mpi4j.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Volume on shm: a 256 MiB message, long messages through pooled and one-shot side-band segments
 * with a bounded pool, and a run across many queue roll cycles with bounded files.
 */
@Timeout(180)
class ShmVolumeTest {
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final String CP = System.getProperty("java.class.path");

    private static String job(Path tmp, String... javaAndArgs) {
        List<String> argv = new ArrayList<>(List.of("-n", "2", "--timeout", "150", "--tmpdir", tmp.toString(), "--exec", JAVA));
        argv.addAll(List.of(javaAndArgs));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ShmLauncher.run(argv.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        System.err.println(text);
        assertEquals(0, status, text);
        return text;
    }

    @Test
    void aMessageOf256MibGoesThereAndBackIntact(@TempDir Path tmp) throws Exception {
        String text = job(tmp, "-Xmx2g", "-cp", CP, Volume.class.getName(), "big", "256");
        assertTrue(text.contains("[0] ok big 256 MiB") && text.contains("side-band files left: 0"), text);
        try (var s = Files.list(tmp)) {
            assertEquals(List.of(), s.toList(), "the job directory outlived the job");
        }
    }

    @Test
    void longMessagesArePooledOrOneShotAndLeaveABoundedPool(@TempDir Path tmp) throws Exception {
        String text = job(tmp, "-Xmx1g", "-cp", CP, SidebandPool.class.getName());
        Matcher m = Pattern.compile("\\[0\\] ok pool one-shot=(\\d+) pooled-bytes=(\\d+)").matcher(text);
        assertTrue(m.find(), text);
        assertEquals(0, Integer.parseInt(m.group(1)), "every one-shot file is deleted once read: " + text);
        long pooled = Long.parseLong(m.group(2));
        // each rank's pool holds at most 64 MiB of payload, plus a page of header per segment
        assertTrue(pooled > 0 && pooled <= 2 * ((64L << 20) + 64 * ShmSideband.HEADER), "pooled bytes " + pooled + ": " + text);
        try (var s = Files.list(tmp)) {
            assertEquals(List.of(), s.toList(), "the job directory outlived the job");
        }
    }

    @Test
    void queueFilesAreDeletedAsTheyRoll() {
        // TEST_SECONDLY rolls every second: 8 s of traffic would leave 8 or more files per queue
        String text = job(Path.of(System.getProperty("java.io.tmpdir")), "-D" + ShmTransport.ROLL_CYCLE_PROPERTY + "=TEST_SECONDLY",
                "-cp", CP, Volume.class.getName(), "roll", "8");
        Matcher m = Pattern.compile("max-queue-files=(\\d+)").matcher(text);
        assertTrue(m.find(), text);
        int max = Integer.parseInt(m.group(1));
        assertTrue(max <= 6, "at most 3 files for each of the 2 queues at any time, saw " + max + ": " + text);
    }
}
