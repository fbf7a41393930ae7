package io.mpi4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(5)
class ClassPathTest {
    @TempDir
    Path dir;

    @Test
    void expandsWildcardsAndResolvesRelativeEntries() throws IOException {
        Files.createDirectories(dir.resolve("lib"));
        Files.createFile(dir.resolve("lib/b.jar"));
        Files.createFile(dir.resolve("lib/a.JAR"));
        Files.createFile(dir.resolve("lib/notes.txt"));
        Files.createDirectories(dir.resolve("classes"));
        String sep = File.pathSeparator;
        ClassPath cp = ClassPath.parse("classes" + sep + "lib/*" + sep + "missing.jar" + sep, dir);
        assertEquals(List.of(dir.resolve("classes"), dir.resolve("lib/a.JAR"), dir.resolve("lib/b.jar"), dir), cp.entries());
        assertEquals(List.of("missing.jar"), cp.missing());
        assertEquals(4, cp.urls().length);
        assertEquals(true, cp.urls()[0].toString().endsWith("/classes/"));
    }

    @Test
    void sharesOnlyMpi4jRuntimePackages() {
        assertEquals(true, RankClassLoader.isShared("io.mpi4j.Mpi"));
        assertEquals(true, RankClassLoader.isShared("io.mpi4j.sim.engine.SimWorld"));
        assertEquals(true, RankClassLoader.isShared("picocli.CommandLine"));
        assertEquals(false, RankClassLoader.isShared("io.mpi4j.examples.Ring"));
        assertEquals(false, RankClassLoader.isShared("com.example.Main"));
        assertEquals(false, RankClassLoader.isShared("Main"));
        assertEquals(false, RankClassLoader.isShared("io.mpi4j.run.programs.StaticCounter"));
    }
}
