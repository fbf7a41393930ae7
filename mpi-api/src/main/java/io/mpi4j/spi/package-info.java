/**
 * The provider SPI: what a transport implements so that the {@link io.mpi4j} API runs on it.
 *
 * <p>A provider is a {@link io.mpi4j.spi.MpiProvider} registered with {@link java.util.ServiceLoader}
 * (a {@code provides} clause in its module descriptor and a {@code META-INF/services} entry for the
 * class path). {@link io.mpi4j.spi.MpiProvider#init} opens a {@link io.mpi4j.spi.ProviderSession}
 * for one MPI process; the session hands out one {@link io.mpi4j.spi.CommEngine} per communicator.
 *
 * <p>The core is narrow: matching point-to-point with contexts, probes, cancel and waiting. The API
 * validates every argument before it reaches the SPI, so a provider receives only valid ranks, tags
 * and buffers, and the same bad call raises the same error class on every provider.
 */
package io.mpi4j.spi;
