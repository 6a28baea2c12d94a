package hapmeter.campaign;

import hapmeter.results.Summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hapmeter.analysis.SetStats;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SteadyTest {
    private static SortedSet<String> set(String... f) {
        return new TreeSet<>(List.of(f));
    }

    @Test
    void stopsAfterKRoundsWithoutNewFunctions() {
        List<SortedSet<String>> rounds = List.of(set("a", "b"), set("a", "c"), set("b"), set("a"));
        assertEquals(List.of(2, 1, 0, 0), Steady.newPerRound(rounds));
        assertTrue(Steady.reached(rounds, 2));
        assertFalse(Steady.reached(rounds, 3));
        assertTrue(Steady.done(rounds, 3, 4), "max rounds ends it too");
        Summary.Steady s = Steady.summary(rounds, 2, 10);
        assertEquals(List.of(2, 3, 3, 3), s.cumulative());
        // A single round never counts as steady, even an empty one.
        assertFalse(Steady.reached(List.of(set()), 1));
    }

    @Test
    void setStatistics() {
        assertEquals(1.0 / 3, SetStats.jaccard(Set.of("a", "b"), Set.of("b", "c")), 1e-9);
        assertEquals(List.of(1.0 / 3, 1.0 / 3, 1.0), SetStats.pairwiseJaccard(List.of(Set.of("a", "b"), Set.of("b", "c"), Set.of("b", "c"))));
        SetStats.Summary s = SetStats.summarize(List.of(2, 4, 4, 4, 5, 5, 7, 9));
        assertEquals(5.0, s.mean(), 1e-9);
        assertEquals(2.138, s.sd(), 1e-3);
        Map<String, Integer> presence = SetStats.presence(List.of(Set.of("a", "b"), Set.of("b", "c")));
        assertEquals(3, presence.size(), "union");
        assertEquals(1, presence.values().stream().filter(n -> n == 2).count(), "intersection");
    }
}
