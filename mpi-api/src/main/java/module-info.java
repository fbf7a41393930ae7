/**
 * The mpi4j API: the Message Passing Interface for Java, independent of the provider that carries
 * the messages.
 *
 * <p>Start with {@link io.mpi4j.Mpi#init(String...)}. Providers implement
 * {@link io.mpi4j.spi.MpiProvider} and are found with {@link java.util.ServiceLoader}.
 */
module io.mpi4j {
    exports io.mpi4j;
    exports io.mpi4j.spi;
    exports io.mpi4j.spi.coll;

    uses io.mpi4j.spi.MpiProvider;
}
