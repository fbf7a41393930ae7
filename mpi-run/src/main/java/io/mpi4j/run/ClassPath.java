package io.mpi4j.run;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A class path: the directories and jar files where a launched program's classes are found, in
 * search order, written as for {@code java -cp}.
 *
 * <p>Entries are separated by {@link File#pathSeparator}. An entry {@code dir/*} stands for every
 * {@code .jar} file in {@code dir} (not in its subdirectories), in name order; an empty entry is
 * the current directory. Relative entries are resolved against the directory given to
 * {@link #parse(String, Path)} (the user's working directory).
 *
 * @param entries the directories and jar files, absolute and with wildcards expanded
 * @param missing the entries (as written) that name nothing that exists; they are ignored
 */
public record ClassPath(List<Path> entries, List<String> missing) {

    /**
     * Copies the components.
     *
     * @throws NullPointerException if a component is {@code null}
     */
    public ClassPath {
        entries = List.copyOf(entries);
        missing = List.copyOf(missing);
    }

    /**
     * Parses a class path relative to the current working directory.
     *
     * @param text the class path, as for {@code java -cp}
     * @return the class path
     */
    public static ClassPath parse(String text) {
        return parse(text, Path.of("").toAbsolutePath());
    }

    /**
     * Parses a class path.
     *
     * @param text the class path, as for {@code java -cp}
     * @param workingDir the directory that relative entries are resolved against
     * @return the class path
     * @throws UncheckedIOException if a wildcard directory cannot be listed
     */
    public static ClassPath parse(String text, Path workingDir) {
        List<Path> entries = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String entry : text.split(File.pathSeparator, -1)) {
            String e = entry.isEmpty() ? "." : entry;
            if (e.equals("*") || e.endsWith(File.separator + "*") || e.endsWith("/*")) {
                Path dir = workingDir.resolve(e.substring(0, e.length() - 1)).normalize();
                if (Files.isDirectory(dir)) {
                    entries.addAll(jarsIn(dir));
                } else {
                    missing.add(entry);
                }
            } else {
                Path p = workingDir.resolve(e).normalize();
                if (Files.exists(p)) {
                    entries.add(p);
                } else {
                    missing.add(entry);
                }
            }
        }
        return new ClassPath(entries, missing);
    }

    private static List<Path> jarsIn(Path dir) {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar") && Files.isRegularFile(f)) {
                    jars.add(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the class path directory " + dir + ": " + e.getMessage(), e);
        }
        jars.sort(null);
        return jars;
    }

    /**
     * Returns the entries as URLs for a class loader.
     *
     * @return one URL per entry; directories end with {@code /}
     */
    public URL[] urls() {
        URL[] urls = new URL[entries.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = entries.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalStateException("class path entry " + entries.get(i) + " has no URL form", e);
            }
        }
        return urls;
    }

    @Override
    public String toString() {
        List<String> names = entries.stream().map(Path::toString).toList();
        return String.join(File.pathSeparator, names);
    }
}
