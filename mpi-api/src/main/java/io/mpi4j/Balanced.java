package io.mpi4j;

import java.util.ArrayList;
import java.util.List;

/**
 * The most balanced factorization of a number into a given count of factors, for
 * {@link CartComm#computeDims}: the smallest difference between the largest and the smallest
 * factor, and of those the smallest largest. MPI_Dims_create asks for dimensions "as close to
 * each other as possible"; handing out prime factors greedily does not give that (72 on two
 * dimensions: 12 × 6 rather than 9 × 8; the MPI Forum's issue 683 calls Open MPI's 12 × 6 a bug).
 */
final class Balanced {
    private final long[] divisors;
    private final int count;
    private final long[] current;
    private long[] best;
    private long bestSpread = Long.MAX_VALUE;

    private Balanced(long n, int count) {
        this.count = count;
        this.divisors = divisors(n);
        this.current = new long[count];
    }

    /**
     * Factors {@code n} into {@code count} factors.
     *
     * @param n a positive number
     * @param count the number of factors, at least 1
     * @return the factors in ascending order; their product is {@code n}
     */
    static int[] of(long n, int count) {
        Balanced b = new Balanced(n, count);
        b.best = greedy(n, count); // a first bound, so that the search prunes from the start
        b.bestSpread = b.best[0] - b.best[count - 1];
        b.search(n, 0, n);
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = (int) b.best[count - 1 - i];
        }
        return out;
    }

    /**
     * Chooses factor {@code at} onwards, each at most {@code upper} (non-increasing order, so
     * {@code current[0]} is the largest), whose product is {@code rest}.
     */
    private void search(long rest, int at, long upper) {
        int left = count - at;
        if (left == 1) {
            if (rest <= upper) {
                current[at] = rest;
                long spread = current[0] - rest;
                if (spread < bestSpread || (spread == bestSpread && current[0] < best[0])) {
                    bestSpread = spread;
                    best = current.clone();
                }
            }
            return;
        }
        // factors in non-increasing order: this one is at least the left-th root of rest
        for (int i = divisors.length - 1; i >= 0; i--) {
            long f = divisors[i];
            if (f > upper || rest % f != 0) {
                continue;
            }
            if (pow(f, left) < rest) {
                break; // smaller ones cannot reach rest either
            }
            long top = at == 0 ? f : current[0];
            // the smallest factor is at most the (left-1)-th root of the others' product, so the
            // spread is at least top minus that root
            if (top - Math.min(f, root(rest / f, left - 1)) > bestSpread) {
                continue;
            }
            current[at] = f;
            search(rest / f, at + 1, f);
        }
    }

    /** Prime factors, largest first, each to the currently smallest factor; non-increasing order. */
    private static long[] greedy(long n, int count) {
        List<Long> primes = new ArrayList<>();
        long rest = n;
        for (long p = 2; p * p <= rest; p++) {
            while (rest % p == 0) {
                primes.add(p);
                rest /= p;
            }
        }
        if (rest > 1) {
            primes.add(rest);
        }
        long[] f = new long[count];
        java.util.Arrays.fill(f, 1);
        for (int i = primes.size() - 1; i >= 0; i--) {
            int smallest = 0;
            for (int j = 1; j < count; j++) {
                if (f[j] < f[smallest]) {
                    smallest = j;
                }
            }
            f[smallest] *= primes.get(i);
        }
        java.util.Arrays.sort(f);
        for (int i = 0; i < count / 2; i++) {
            long t = f[i];
            f[i] = f[count - 1 - i];
            f[count - 1 - i] = t;
        }
        return f;
    }

    /** The largest {@code r} with {@code r^k <= n}. */
    private static long root(long n, int k) {
        long r = Math.max(1, (long) Math.pow(n, 1.0 / k));
        while (r > 1 && pow(r, k) > n) {
            r--;
        }
        while (pow(r + 1, k) <= n) {
            r++;
        }
        return r;
    }

    /** {@code base^exp}, saturating at {@link Long#MAX_VALUE}. */
    private static long pow(long base, int exp) {
        long r = 1;
        for (int i = 0; i < exp; i++) {
            if (r > Long.MAX_VALUE / base) {
                return Long.MAX_VALUE;
            }
            r *= base;
        }
        return r;
    }

    private static long[] divisors(long n) {
        List<Long> small = new ArrayList<>();
        List<Long> large = new ArrayList<>();
        for (long d = 1; d * d <= n; d++) {
            if (n % d == 0) {
                small.add(d);
                if (d != n / d) {
                    large.add(n / d);
                }
            }
        }
        long[] out = new long[small.size() + large.size()];
        int k = 0;
        for (long d : small) {
            out[k++] = d;
        }
        for (int i = large.size() - 1; i >= 0; i--) {
            out[k++] = large.get(i);
        }
        return out;
    }
}
