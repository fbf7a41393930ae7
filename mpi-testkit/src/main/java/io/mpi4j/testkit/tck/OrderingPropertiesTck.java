package io.mpi4j.testkit.tck;

import io.mpi4j.Buf;
import io.mpi4j.Mpi;
import io.mpi4j.Request;
import io.mpi4j.Status;
import io.mpi4j.testkit.Payloads;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * jqwik properties of message ordering (MPI-4.1 §3.5): for random sequences of messages with
 * random tags and sizes, random world sizes and random buffering, the receiver observes exactly the
 * sender's order per tag, with the right contents and envelopes, whatever order it receives the
 * tags in.
 *
 * <p>The generated arguments are plain serializable values, so a process-based runner can replay a
 * try in every process.
 */
public abstract class OrderingPropertiesTck {
    /** Creates the property container; subclasses supply the runner. */
    protected OrderingPropertiesTck() {
    }

    /**
     * Returns the runner of the provider under test.
     *
     * @return the runner
     */
    protected abstract TckRunner runner();

    /**
     * One generated message: its tag and its size in bytes.
     *
     * @param tag the tag, in {@code [0, 4)}
     * @param bytes the size, 0 to 3000 bytes
     */
    public record Msg(int tag, int bytes) implements java.io.Serializable {
    }

    /**
     * Generates messages with one of 4 tags and sizes from 0 to 3000 bytes, empty ones included.
     *
     * @return the arbitrary
     */
    @Provide
    public Arbitrary<Msg> messages() {
        return Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, Arbitraries.just(0)),
                        net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(1, 3000)))).as(Msg::new);
    }

    /**
     * Generates the buffering modes a provider with {@link Capability#BUFFERING_MODES} is checked
     * under: unlimited, none, and eager thresholds inside the generated size range.
     *
     * @return the arbitrary
     */
    @Provide
    public Arbitrary<TckBuffering> bufferings() {
        return Arbitraries.of(TckBuffering.infinite(), TckBuffering.zero(), TckBuffering.eager(0), TckBuffering.eager(512),
                TckBuffering.eager(2048));
    }

    /**
     * MPI-4.1 §3.5: every rank isends the generated messages to its right neighbour, then receives
     * them from its left neighbour tag by tag in a generated order of tags (with exact-tag receives),
     * then checks every message's contents, tag and size against the sender's sequence for that tag.
     *
     * @param plan the messages each rank sends, in order
     * @param tagOrder the order in which the receiver drains the tags (repetitions are ignored)
     * @param ranks the world size
     * @param buffering the buffering of standard sends
     * @return whether the property held (assertions inside the ranks fail the try otherwise)
     */
    @Property(tries = 40)
    public boolean receiverSeesSendersOrderPerTag(@ForAll @Size(max = 80) List<@From("messages") Msg> plan,
                                                  @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 3) Integer> tagOrder,
                                                  @ForAll @IntRange(min = 1, max = 6) int ranks,
                                                  @ForAll("bufferings") TckBuffering buffering) {
        TckBuffering mode = runner().capabilities().contains(Capability.BUFFERING_MODES) ? buffering : TckBuffering.providerDefault();
        List<Integer> drained = drainOrder(tagOrder);
        List<Boolean> ok = runner().run(ranks, TckOptions.buffering(mode), world -> {
            int right = (world.rank() + 1) % world.size();
            int left = (world.rank() - 1 + world.size()) % world.size();
            List<Request<Status>> sends = new ArrayList<>();
            for (int i = 0; i < plan.size(); i++) {
                byte[] data = new byte[plan.get(i).bytes()];
                Payloads.fill(data, 0, data.length, world.rank(), i);
                sends.add(world.isend(Buf.of(data), right, plan.get(i).tag()));
            }
            for (int tag : drained) {
                for (int i = 0; i < plan.size(); i++) {
                    if (plan.get(i).tag() != tag) {
                        continue;
                    }
                    byte[] in = new byte[3000];
                    Status s = world.recv(Buf.of(in), left, tag);
                    if (s.source() != left || s.tag() != tag || s.byteCount() != plan.get(i).bytes()) {
                        throw new AssertionError("message " + i + " (tag " + tag + "): expected " + plan.get(i) + " from " + left
                                + ", got " + s);
                    }
                    int bad = Payloads.firstMismatch(in, 0, s.byteCount(), left, i);
                    if (bad >= 0) {
                        throw new AssertionError("message " + i + " (tag " + tag + ") has wrong contents at byte " + bad
                                + ": another message of the same tag overtook it");
                    }
                }
            }
            if (world.iprobe(Mpi.ANY_SOURCE, Mpi.ANY_TAG).isPresent()) {
                throw new AssertionError("a message is left over after every planned message was received");
            }
            Request.waitAll(sends);
            return true;
        });
        return ok.stream().allMatch(Boolean::booleanValue);
    }

    /**
     * MPI-4.1 §3.5 with §3.2.4: receives with {@code ANY_SOURCE} may interleave senders in any way,
     * but never reorder the messages of one sender. In a world of random size, every rank sends a
     * random number of messages to rank 0, which receives them all with {@code ANY_SOURCE} and
     * {@code ANY_TAG}; per source, the sequence numbers it sees are exactly 0, 1, 2, ...
     *
     * @param ranks the world size
     * @param perRank how many messages each rank sends
     * @param buffering the buffering of standard sends
     * @return whether the property held
     */
    @Property(tries = 30)
    public boolean anySourceKeepsEachSendersOrder(@ForAll @IntRange(min = 1, max = 9) int ranks,
                                                  @ForAll @IntRange(min = 0, max = 60) int perRank,
                                                  @ForAll("bufferings") TckBuffering buffering) {
        TckBuffering mode = runner().capabilities().contains(Capability.BUFFERING_MODES) ? buffering : TckBuffering.providerDefault();
        List<int[]> seen = runner().run(ranks, TckOptions.buffering(mode), world -> {
            List<Request<Status>> sends = new ArrayList<>();
            for (int i = 0; i < perRank; i++) {
                sends.add(world.isend(new int[] {world.rank(), i}, 0, i % 2));
            }
            int[] next = new int[world.size()];
            if (world.rank() == 0) {
                int[] in = new int[2];
                for (int k = 0; k < perRank * world.size(); k++) {
                    Status s = world.recv(in, Mpi.ANY_SOURCE, Mpi.ANY_TAG);
                    if (in[0] != s.source() || in[1] != next[s.source()] || s.tag() != in[1] % 2) {
                        throw new AssertionError("from rank " + s.source() + " expected message " + next[s.source()]
                                + ", got " + java.util.Arrays.toString(in) + " with " + s);
                    }
                    next[s.source()]++;
                }
            }
            Request.waitAll(sends);
            return next;
        });
        int[] counts = seen.getFirst();
        for (int c : counts) {
            if (c != perRank) {
                return false;
            }
        }
        return true;
    }

    /** The tags in the order given, without repetitions, followed by the tags not given. */
    private static List<Integer> drainOrder(List<Integer> tagOrder) {
        List<Integer> order = new ArrayList<>();
        for (int t : tagOrder) {
            if (!order.contains(t)) {
                order.add(t);
            }
        }
        for (int t = 0; t < 4; t++) {
            if (!order.contains(t)) {
                order.add(t);
            }
        }
        return order;
    }
}
