package io.mpi4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class TimeoutsTest {
    @Test
    void acceptsUnitsSecondsAndIso() {
        assertEquals(Duration.ofMillis(500), Timeouts.parse("500ms"));
        assertEquals(Duration.ofSeconds(60), Timeouts.parse("60s"));
        assertEquals(Duration.ofMillis(1500), Timeouts.parse("1.5s"));
        assertEquals(Duration.ofMinutes(2), Timeouts.parse("2m"));
        assertEquals(Duration.ofHours(1), Timeouts.parse("1h"));
        assertEquals(Duration.ofSeconds(90), Timeouts.parse("90"));
        assertEquals(Duration.ofMinutes(1), Timeouts.parse("PT1M"));
        assertEquals(Duration.ofMinutes(1), Timeouts.parse("pt1m"));
        assertEquals(Duration.ZERO, Timeouts.parse("0"));
    }

    @Test
    void rejectsOtherForms() {
        for (String bad : new String[] {"", "soon", "-5s", "PT-1S", "5 parsecs", "1.5.2s"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Timeouts.parse(bad), bad);
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("500ms, 60s, 2m"), e.getMessage());
        }
    }
}
