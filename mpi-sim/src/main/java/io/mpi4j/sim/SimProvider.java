package io.mpi4j.sim;

import io.mpi4j.MpiOptions;
import io.mpi4j.sim.engine.SimContext;
import io.mpi4j.sim.engine.SimSession;
import io.mpi4j.sim.engine.SimWorld;
import io.mpi4j.spi.LaunchEnvironment;
import io.mpi4j.spi.MpiProvider;
import io.mpi4j.spi.ProviderSession;

/**
 * The {@code sim} provider: found by {@link java.util.ServiceLoader}; users normally meet it through
 * {@link Sim} or the launcher.
 *
 * <p>On a thread that runs a rank of a {@link Sim} job, {@code Mpi.init} joins that job (this is
 * detected with the highest priority). On any other thread, {@code Mpi.init} with this provider
 * opens a world of one rank, configured by the property {@value #BUFFERING_PROPERTY} (see
 * {@link Buffering#parse(String)}).
 */
public final class SimProvider implements MpiProvider {
    /** The property (in {@link MpiOptions#properties()} or the system properties) that sets the buffering mode. */
    public static final String BUFFERING_PROPERTY = "mpi4j.sim.buffering";

    /** Creates the provider; cheap. */
    public SimProvider() {
    }

    @Override
    public String name() {
        return "sim";
    }

    @Override
    public boolean detect(LaunchEnvironment environment) {
        return SimContext.CURRENT.isBound();
    }

    /** A thread that runs a rank of a {@link Sim} job is a sim rank, whatever provider is configured. */
    @Override
    public boolean claimsCurrentThread() {
        return SimContext.CURRENT.isBound();
    }

    /** Above every other provider, though {@link #claimsCurrentThread()} already decides for rank threads. */
    @Override
    public int priority() {
        return 1000;
    }

    @Override
    public ProviderSession init(MpiOptions options, LaunchEnvironment environment) {
        if (SimContext.CURRENT.isBound()) {
            SimContext ctx = SimContext.CURRENT.get();
            ctx.world().checkNotFinalized(ctx.rank());
            return new SimSession(ctx.world(), ctx.rank(), false);
        }
        String b = options.properties().get(BUFFERING_PROPERTY);
        if (b == null) {
            b = environment.property(BUFFERING_PROPERTY).orElse("eager");
        }
        SimWorld world = new SimWorld(1, Buffering.parse(b), "singleton");
        world.bindMainThread(0, Thread.currentThread());
        return new SimSession(world, 0, true);
    }
}
