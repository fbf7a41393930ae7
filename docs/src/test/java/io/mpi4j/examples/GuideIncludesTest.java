package io.mpi4j.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Checks that every {@code include::} of the user guide names a file and a tagged region that exist. */
class GuideIncludesTest {
    private static final Path GUIDE = Path.of("src/docs/asciidoc/index.adoc");
    private static final Pattern INCLUDE = Pattern.compile("include::\\{(\\w+)}/([\\w.]+)\\[tag=([\\w-]+)]");

    @Test
    @Timeout(10)
    void everyIncludeResolvesToATaggedRegion() throws IOException {
        String guide = Files.readString(GUIDE);
        Map<String, Path> attributes = Map.of(
                "examples", GUIDE.resolveSibling("../../main/java/io/mpi4j/examples"),
                "tests", GUIDE.resolveSibling("../../test/java/io/mpi4j/examples"));
        Matcher m = INCLUDE.matcher(guide);
        List<String> broken = new ArrayList<>();
        int count = 0;
        while (m.find()) {
            count++;
            Path file = attributes.get(m.group(1)).resolve(m.group(2)).normalize();
            String source = Files.exists(file) ? Files.readString(file) : "";
            String tag = m.group(3);
            if (!source.contains("// tag::" + tag + "[]") || !source.contains("// end::" + tag + "[]")) {
                broken.add(m.group());
            }
        }
        assertTrue(count >= 10, "the guide includes its samples: found " + count);
        assertTrue(broken.isEmpty(), "includes without a file or tagged region: " + broken);
    }
}
