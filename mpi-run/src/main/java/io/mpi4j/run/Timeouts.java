package io.mpi4j.run;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The textual form of a job's time limit: a number with a unit ({@code 500ms}, {@code 60s},
 * {@code 1.5s}, {@code 2m}, {@code 1h}), a plain number of seconds ({@code 90}), or an ISO-8601
 * duration ({@code PT1M}). {@code 0} means no limit.
 */
final class Timeouts {
    private static final Pattern WITH_UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");

    private Timeouts() {
    }

    /**
     * Parses a time limit.
     *
     * @param text the limit, such as {@code 60s}, {@code 500ms}, {@code 2m} or {@code PT1M}
     * @return the duration
     * @throws IllegalArgumentException with a message that lists the accepted forms, if the text is
     *     none of them or is negative
     */
    static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = WITH_UNIT.matcher(t);
        if (m.matches()) {
            BigDecimal value = new BigDecimal(m.group(1));
            long nanosPerUnit = switch (m.group(2) == null ? "s" : m.group(2)) {
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> 86_400_000_000_000L;
            };
            return Duration.ofNanos(value.multiply(BigDecimal.valueOf(nanosPerUnit)).longValueExact());
        }
        if (t.startsWith("p") || t.startsWith("-p")) {
            try {
                Duration d = Duration.parse(t.toUpperCase(Locale.ROOT));
                if (!d.isNegative()) {
                    return d;
                }
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("invalid timeout '" + text
                + "'; use a number with a unit (500ms, 60s, 2m, 1h), a number of seconds, an ISO-8601 duration (PT1M), or 0 for none");
    }
}
