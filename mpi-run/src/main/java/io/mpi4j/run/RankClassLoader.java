package io.mpi4j.run;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

/**
 * A rank class loader: the class loader that gives one rank of a launched job its own copy of the
 * program's classes, and so its own static state, while it shares the JDK and mpi4j itself with
 * every other rank.
 *
 * <p>Classes are looked up in this order:
 * <ol>
 *   <li>the JDK's classes (from the platform class loader);</li>
 *   <li>the classes of mpi4j's runtime packages ({@code io.mpi4j}, {@code io.mpi4j.run},
 *       {@code io.mpi4j.futures}, {@code io.mpi4j.testkit}, and everything under {@code io.mpi4j.spi}
 *       and the providers' packages) and of picocli, from the parent: one copy
 *       in the JVM, so that {@code Mpi.init} on a rank's thread joins the launcher's job even if
 *       the program's class path lists the mpi4j jars again;</li>
 *   <li>every other class found on this loader's class path, loaded by this loader
 *       (child first): a private copy per rank, even when the same class is also visible to the
 *       parent, as happens when a test launches classes from its own class path;</li>
 *   <li>anything else, from the parent.</li>
 * </ol>
 * Resources are looked up parent first, as {@link URLClassLoader} does.
 */
final class RankClassLoader extends URLClassLoader {
    /** Packages whose classes every rank shares: mpi4j's API and launcher, exactly these packages. */
    private static final List<String> SHARED_PACKAGES = List.of("io.mpi4j", "io.mpi4j.run", "io.mpi4j.futures", "io.mpi4j.testkit");
    /** Package trees whose classes every rank shares: the SPI, the providers, and picocli. */
    private static final List<String> SHARED_TREES = List.of("io.mpi4j.spi", "io.mpi4j.sim", "io.mpi4j.shm", "io.mpi4j.jni", "picocli");

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader platform = ClassLoader.getPlatformClassLoader();

    /**
     * Creates the loader of one rank.
     *
     * @param name the loader's name, for stack traces (for example {@code "rank-2"})
     * @param urls the program's class path
     * @param parent the loader of the launcher, which holds mpi4j
     */
    RankClassLoader(String name, URL[] urls, ClassLoader parent) {
        super(name, urls, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = loadFromPlatform(name);
            }
            if (c == null) {
                if (!isShared(name) && findResource(name.replace('.', '/') + ".class") != null) {
                    c = findClass(name);
                } else {
                    c = getParent().loadClass(name);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private Class<?> loadFromPlatform(String name) {
        try {
            return platform.loadClass(name);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /**
     * Tells whether a class belongs to the packages every rank shares.
     *
     * @param className a binary class name
     * @return {@code true} for mpi4j's runtime packages (not their subpackages, where programs such as
     *     the examples live, except under the SPI and the providers) and picocli
     */
    static boolean isShared(String className) {
        int dot = className.lastIndexOf('.');
        String pkg = dot < 0 ? "" : className.substring(0, dot);
        if (SHARED_PACKAGES.contains(pkg)) {
            return true;
        }
        for (String tree : SHARED_TREES) {
            if (pkg.equals(tree) || pkg.startsWith(tree + ".")) {
                return true;
            }
        }
        return false;
    }
}
