package io.mpi4j.jni;

import java.util.concurrent.locks.LockSupport;

/** Backoff for polling waits: spin, then yield, then park with doubling up to 200 µs. */
final class Idle {
    private int n;
    private long parkNanos = 1_000;

    void idle() {
        n++;
        if (n < 200) {
            Thread.onSpinWait();
        } else if (n < 2_000) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(parkNanos);
            parkNanos = Math.min(parkNanos * 2, 200_000);
        }
    }

    void reset() {
        n = 0;
        parkNanos = 1_000;
    }
}
