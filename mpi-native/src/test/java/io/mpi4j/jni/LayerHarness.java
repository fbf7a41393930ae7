package io.mpi4j.jni;

import io.mpi4j.Buf;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.MpiOptions;
import io.mpi4j.ThreadLevel;
import io.mpi4j.spi.RecvTarget;
import io.mpi4j.spi.SendMode;
import java.util.List;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * What the layer-by-layer latency harnesses ({@link LatencyLayers}, {@link SelfLoop}) share: MPI at
 * the thread level their first argument names (default MULTIPLE; below it the provider's calls are
 * serialized by the glue's gate), the world as the API and as the engine sees it, and an 8-byte
 * native buffer with native memory for a receive's status; and the send and receive of those 8 bytes
 * through each layer ({@link #LAYERS}).
 *
 * @param mpi the MPI handle
 * @param arena the arena of the buffers
 * @param world the world communicator (API)
 * @param engine the world communicator (engine)
 * @param data the 8 bytes moved
 * @param status native memory for a downcall's receive status
 * @param buf the data as a buffer
 * @param into the data as a receive target of the engine
 */
record LayerHarness(Mpi mpi, Arena arena, Intracomm world, JniComm engine, MemorySegment data, MemorySegment status,
                    Buf buf, RecvTarget into) implements AutoCloseable {
    /** The layers, outermost last: the downcalls alone, {@link BlockingP2p}, the engine, the API. */
    static final List<String> LAYERS = List.of("downcalls", "BlockingP2p", "engine", "API");

    /**
     * Sends the 8 bytes through a layer.
     *
     * @param layer the index in {@link #LAYERS}
     * @param dest the destination rank
     */
    void send(int layer, int dest) {
        switch (layer) {
            case 0 -> Downcalls.send(engine.handle, data.address(), 8, dest, 0, 0);
            case 1 -> BlockingP2p.send(engine, buf, dest, 0, 0);
            case 2 -> engine.send(buf, dest, 0, SendMode.STANDARD);
            default -> world.send(buf, dest, 0);
        }
    }

    /**
     * Receives the 8 bytes through a layer.
     *
     * @param layer the index in {@link #LAYERS}
     * @param source the source rank
     */
    void recv(int layer, int source) {
        switch (layer) {
            case 0 -> Downcalls.recv(engine.handle, data.address(), 8, source, 0, false, status.address());
            case 1 -> BlockingP2p.recv(engine, buf, source, 0);
            case 2 -> engine.recv(into, source, 0);
            default -> world.recv(buf, source, 0);
        }
    }

    /**
     * Initializes MPI and allocates the buffers.
     *
     * @param args the program's arguments: the first, if any, names the thread level
     * @return the harness, to close when done
     */
    static LayerHarness open(String[] args) {
        ThreadLevel level = args.length > 0 ? ThreadLevel.valueOf(args[0]) : ThreadLevel.MULTIPLE;
        Mpi mpi = Mpi.init(MpiOptions.builder().args(args).threadLevel(level).build());
        Arena arena = Arena.ofShared();
        MemorySegment data = arena.allocate(8);
        Buf buf = Buf.of(data);
        return new LayerHarness(mpi, arena, mpi.world(), (JniComm) JniSession.current().world(), data, arena.allocate(64),
                buf, new RecvTarget.Into(buf));
    }

    @Override
    public void close() {
        arena.close();
        mpi.close();
    }
}
