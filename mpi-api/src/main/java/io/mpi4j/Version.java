package io.mpi4j;

/**
 * A version of the MPI standard (MPI-4.1 §9.1.1, MPI_Get_version).
 *
 * @param major the major version, such as 4
 * @param minor the minor version, such as 1
 */
public record Version(int major, int minor) implements Comparable<Version> {
    @Override
    public int compareTo(Version o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
