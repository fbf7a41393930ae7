package io.mpi4j.testkit.junit;

import io.mpi4j.Comm;
import io.mpi4j.DeadlockException;
import io.mpi4j.ErrorClass;
import io.mpi4j.Intracomm;
import io.mpi4j.Mpi;
import io.mpi4j.MpiException;
import io.mpi4j.RankFailedException;
import io.mpi4j.sim.Buffering;
import io.mpi4j.sim.RankAction;
import io.mpi4j.sim.Schedule;
import io.mpi4j.sim.Sim;
import io.mpi4j.testkit.check.Leak;
import io.mpi4j.testkit.check.LeakCheck;
import io.mpi4j.testkit.check.LeakException;
import io.mpi4j.testkit.trace.TraceFiles;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;

/**
 * The extension behind {@link MpiTest @MpiTest}: one invocation per listed world size, each a
 * {@code sim} job that runs the test method on every rank.
 *
 * <p>JUnit resolves the method's parameters once per invocation, on its own thread; this extension
 * resolves the per-rank ones ({@link Intracomm}, {@link Comm}, {@link Mpi}, {@link Rank @Rank}
 * {@code int}) to placeholders there, and an interceptor then skips JUnit's own call and calls the
 * method reflectively on each rank's thread with that rank's values in their place.
 *
 * <p>Registered by {@code @MpiTest}; not meant to be registered by hand.
 */
public final class MpiTestExtension implements TestTemplateInvocationContextProvider, ParameterResolver {
    /** Creates the extension; JUnit does this. */
    public MpiTestExtension() {
    }

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> AnnotationSupport.isAnnotated(m, MpiTest.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        MpiTest config = AnnotationSupport.findAnnotation(method, MpiTest.class)
                .orElseThrow(() -> configError(method, "must be annotated with @MpiTest, directly or through a composed annotation"));
        Buffering buffering = validate(method, config);
        return Arrays.stream(config.ranks()).mapToObj(n -> new Invocation(config, buffering, n));
    }

    private static Buffering validate(Method method, MpiTest config) {
        if (config.ranks().length == 0) {
            throw configError(method, "must list at least one rank count > 0");
        }
        for (int n : config.ranks()) {
            if (n <= 0) {
                throw configError(method, "must list at least one rank count > 0 and none <= 0, but lists " + n);
            }
        }
        if (config.timeoutSeconds() <= 0) {
            throw configError(method, "must declare timeoutSeconds > 0 (every @MpiTest is bounded), but declares "
                    + config.timeoutSeconds());
        }
        Buffering buffering;
        try {
            buffering = Buffering.parse(config.buffering());
        } catch (MpiException e) {
            throw configError(method, "must declare buffering as eager, eager:BYTES, zero or infinite, but declares '"
                    + config.buffering() + "'");
        }
        if (config.schedules() < 0) {
            throw configError(method, "must declare schedules >= 0, but declares " + config.schedules());
        }
        for (Parameter p : method.getParameters()) {
            if (p.isAnnotationPresent(Rank.class) && p.getType() != int.class) {
                throw configError(method, "declares @Rank on parameter [" + p + "]; @Rank goes on an int parameter");
            }
        }
        return buffering;
    }

    private static ExtensionConfigurationException configError(Method method, String fix) {
        return new ExtensionConfigurationException(String.format("Configuration error: @MpiTest on method [%s] %s.",
                method.toGenericString(), fix));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        // only the test method's own parameters: lifecycle methods run outside the MPI job
        boolean ofTestMethod = extensionContext.getTestMethod().map(m -> m.equals(parameterContext.getDeclaringExecutable()))
                .orElse(false);
        return ofTestMethod && isPerRank(parameterContext.getParameter());
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        // a placeholder: the interceptor replaces it with the rank's value on the rank's thread
        return parameterContext.getParameter().getType() == int.class ? Integer.valueOf(-1) : null;
    }

    static boolean isPerRank(Parameter p) {
        Class<?> type = p.getType();
        return type == Intracomm.class || type == Comm.class || type == Mpi.class
                || (type == int.class && p.isAnnotationPresent(Rank.class));
    }

    private static Object perRankValue(Parameter p, Intracomm world) {
        Class<?> type = p.getType();
        if (type == int.class) {
            return world.rank();
        }
        return type == Mpi.class ? world.mpi() : world;
    }

    /** One world size: its display name, and the interceptor that runs the method on the ranks. */
    private record Invocation(MpiTest config, Buffering buffering, int ranks) implements TestTemplateInvocationContext {
        @Override
        public String getDisplayName(int invocationIndex) {
            return "[" + ranks + (ranks == 1 ? " rank]" : " ranks]");
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new RankInterceptor(config, buffering, ranks));
        }
    }

    /** Replaces JUnit's single call of the method with one call per rank, inside a sim job. */
    private record RankInterceptor(MpiTest config, Buffering buffering, int ranks) implements InvocationInterceptor {
        @Override
        public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                ExtensionContext context) throws Throwable {
            invocation.skip();
            Method method = call.getExecutable();
            method.setAccessible(true);
            List<Schedule> schedules = schedules(config);
            for (Schedule schedule : schedules) {
                try {
                    runOnce(method, call, schedule);
                } catch (Throwable t) {
                    if (schedule != null) {
                        // the seed is in the message already; printed too, since a report may cut long messages
                        System.err.println("@MpiTest " + method.getName() + "[" + ranks + "] failed under schedule " + schedule
                                + "; @MpiTest(seed = " + ((Schedule.Seeded) schedule).seed() + "L) replays it");
                    }
                    throw t;
                }
            }
        }

        /** The schedule of each run: one {@code null} (concurrent) run, or the seeds to explore. */
        private static List<Schedule> schedules(MpiTest config) {
            boolean seeded = config.seed() != MpiTest.CONCURRENT;
            if (!seeded && config.schedules() == 0) {
                return java.util.Collections.singletonList(null);
            }
            long first = seeded ? config.seed() : 0;
            int count = Math.max(1, config.schedules());
            List<Schedule> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                out.add(Schedule.seeded(first + i));
            }
            return out;
        }

        private void runOnce(Method method, ReflectiveInvocationContext<Method> call, Schedule schedule) throws Throwable {
            Object target = call.getTarget().orElse(null);
            List<Object> shared = call.getArguments();
            Parameter[] params = method.getParameters();
            String job = "@MpiTest on " + ranks + (ranks == 1 ? " rank" : " ranks") + " (buffering=" + buffering
                    + ", threads=" + config.threads() + ", collectives=" + config.collectives()
                    + (schedule == null ? "" : ", schedule " + schedule + ": @MpiTest(seed = " + ((Schedule.Seeded) schedule).seed()
                    + "L) replays this run") + ")";
            Sim.Builder builder = Sim.builder().ranks(ranks).buffering(buffering).threads(config.threads())
                    .collectives(config.collectives()).timeout(Duration.ofSeconds(config.timeoutSeconds()))
                    .checkTypes(config.checkTypes()).checkBuffers(config.checkBuffers())
                    .threadLevel(config.threadLevel()).checkThreadLevel(true).schedule(schedule).name(method.getName() + "[" + ranks + "]");
            if (!config.trace().isEmpty()) {
                String file = method.getDeclaringClass().getSimpleName() + "." + method.getName() + "-" + ranks + "ranks"
                        + (schedule == null ? "" : "-seed" + ((Schedule.Seeded) schedule).seed());
                builder.trace(t -> TraceFiles.write(t, java.nio.file.Path.of(config.trace()), file));
            }
            Map<Integer, Throwable> failures = new ConcurrentSkipListMap<>();
            RankAction body = world -> {
                Object[] args = shared.toArray();
                for (int i = 0; i < params.length; i++) {
                    if (isPerRank(params[i])) {
                        args[i] = perRankValue(params[i], world);
                    }
                }
                try {
                    method.invoke(target, args);
                } catch (InvocationTargetException e) {
                    Throwable t = e.getCause();
                    failures.put(world.rank(), t);
                    throw sneaky(t);
                }
            };
            List<Leak> leaks = List.of();
            try {
                if (config.leakChecks()) {
                    leaks = LeakCheck.exec(builder, body);
                } else {
                    builder.build().exec(body);
                }
            } catch (RankFailedException e) {
                throw rankFailure(job, e, failures);
            } catch (DeadlockException e) {
                throw new AssertionFailedError(job + " deadlocked: " + e.getMessage(), e);
            } catch (MpiException e) {
                if (e.errorClass() == ErrorClass.ERR_OTHER && String.valueOf(e.getMessage()).startsWith("deterministic schedule stalled")) {
                    throw new AssertionFailedError(job + " stalled: " + e.getMessage(), e);
                }
                if (e.errorClass() == ErrorClass.ERR_OTHER) {
                    throw new AssertionFailedError(job + " did not finish within timeoutSeconds=" + config.timeoutSeconds()
                            + ": " + e.getMessage(), e);
                }
                throw e;
            }
            if (!leaks.isEmpty()) {
                throw new LeakException(job + " (leakChecks = false turns this check off)", leaks);
            }
        }
    }

    private static AssertionFailedError rankFailure(String job, RankFailedException e, Map<Integer, Throwable> failures) {
        int first = e.rank();
        Throwable cause = failures.getOrDefault(first, e.getCause());
        String what = cause == null || isAbortCall(cause)
                ? e.getMessage().replaceFirst("^rank \\d+ failed: ", "").replaceFirst("^rank \\d+ ", "")
                : String.valueOf(cause);
        List<Integer> others = failures.entrySet().stream()
                .filter(f -> f.getKey() != first && !isConsequenceOfAbort(f.getValue()))
                .map(Map.Entry::getKey).toList();
        StringBuilder message = new StringBuilder("rank ").append(first).append(" failed: ").append(what)
                .append("\n(").append(job);
        if (!others.isEmpty()) {
            String primary = String.valueOf(cause);
            message.append("; also failed: ").append(others.stream()
                    .map(r -> "rank " + r + (String.valueOf(failures.get(r)).equals(primary) ? " (the same)"
                            : ": " + String.valueOf(failures.get(r)).lines().findFirst().orElse("")))
                    .collect(Collectors.joining(", ")));
        }
        message.append(")");
        AssertionFailedError error = new AssertionFailedError(message.toString(), cause == null ? e : cause);
        for (int r : others) {
            error.addSuppressed(failures.get(r));
        }
        return error;
    }

    private static boolean isAbortCall(Throwable t) {
        return t instanceof MpiException m && m.errorClass() == ErrorClass.ERR_PROC_ABORTED;
    }

    private static boolean isConsequenceOfAbort(Throwable t) {
        return isAbortCall(t) || t instanceof DeadlockException || t instanceof InterruptedException;
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
