package io.mpi4j.sim.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpi4j.sim.Buffering;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The deadlock verdict of the deterministic scheduler while a helper thread (the algorithm of a
 * nonblocking collective) ends a rank's wait: each test stops the helper at the one point where the
 * verdict used to look at it wrongly, so that the race is hit on every run, not once in thousands.
 */
@Timeout(60)
class SchedulerVerdictTest {
    /** Runs {@code body} as rank 0 of a one-rank deterministic world, on its main thread, and checks that it finished normally. */
    private static void runRank(java.util.function.Consumer<SimWorld> body) throws InterruptedException {
        SimWorld world = new SimWorld(1, Buffering.eager(), SimWorld.Collectives.P2P, "verdict", options -> 0);
        Throwable[] failure = new Throwable[1];
        Thread main = Thread.ofPlatform().daemon(true).name("verdict-rank-0").unstarted(() -> {
            try {
                world.enter(0);
                body.accept(world);
            } catch (Throwable t) {
                failure[0] = t;
            } finally {
                world.rankFinished(0);
            }
        });
        world.bindMainThread(0, main);
        main.start();
        assertTrue(main.join(Duration.ofSeconds(30)), "rank 0 finished");
        assertFalse(world.isDeadlocked(), world.abortMessage());
        assertNull(failure[0], () -> "rank 0 failed: " + failure[0]);
    }

    @Test
    void aHelperThatEndsTheWaitAndDiesBetweenThePickAndTheLookIsNoDeadlock() throws InterruptedException {
        runRank(world -> {
            RankState me = world.rank(0);
            AtomicBoolean completed = new AtomicBoolean();
            CountDownLatch finish = new CountDownLatch(1);
            Thread helper = Thread.ofPlatform().daemon(true).start(() -> {
                uninterruptibly(finish::await);
                completed.set(true); // the request completes as the helper's last act
            });
            world.workingFor(me, helper);
            AtomicBoolean firstLook = new AtomicBoolean(true);
            BooleanSupplier ready = () -> {
                if (firstLook.getAndSet(false)) {
                    // the scheduler's pick finds the wait not ready; right after, the helper ends it and dies
                    finish.countDown();
                    uninterruptibly(helper::join);
                    return false;
                }
                return completed.get();
            };
            world.await(me, completed::get, ready, () -> new PendingOp("wait(helper)", null));
        });
    }

    @Test
    void aHelperCountedBlockedWhoseConditionHoldsIsStillRunning() throws InterruptedException {
        runRank(world -> {
            RankState me = world.rank(0);
            AtomicBoolean helperDone = new AtomicBoolean();
            AtomicInteger mainLooks = new AtomicInteger();
            Thread helper = Thread.ofPlatform().daemon(true).start(() -> {
                while (me.parkedCount < 1) {
                    Thread.onSpinWait(); // until rank 0's main thread waits for this helper
                }
                // The helper's message has arrived (its wait's condition holds) by the time it
                // registers as a waiter: counted blocked, it looks at its condition once more.
                // Stopped in that look until the scheduler has looked at it a few times.
                BooleanSupplier done = () -> {
                    if (me.parkedCount < 2) {
                        return false; // not registered yet: before the window
                    }
                    int seen = mainLooks.get();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    while (mainLooks.get() < seen + 3 && !world.isAborted() && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    return true;
                };
                world.await(me, done, () -> true, () -> new PendingOp("recv(helper)", null));
                helperDone.set(true); // the request completes as the helper's last act
            });
            world.workingFor(me, helper);
            BooleanSupplier ready = () -> {
                mainLooks.incrementAndGet();
                return helperDone.get();
            };
            world.await(me, helperDone::get, ready, () -> new PendingOp("wait(helper)", null));
        });
    }

    /** A wait that may be interrupted. */
    private interface Wait {
        void run() throws InterruptedException;
    }

    /** Waits through interrupts: the test, not an interrupt, decides when a helper ends. */
    private static void uninterruptibly(Wait wait) {
        while (true) {
            try {
                wait.run();
                return;
            } catch (InterruptedException e) {
                // keep waiting
            }
        }
    }
}
