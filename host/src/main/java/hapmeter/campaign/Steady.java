package hapmeter.campaign;

import hapmeter.results.Summary;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;

/**
 * --until-steady K: request rounds go on until K rounds in a row add no function to the union of
 * all earlier rounds (Bottomley's steady state of the attack profile), or MAX rounds are done.
 */
final class Steady {
    private Steady() {
    }

    /** New functions per round: round n's functions not in rounds 1..n-1. */
    static List<Integer> newPerRound(List<SortedSet<String>> rounds) {
        Set<String> seen = new HashSet<>();
        List<Integer> added = new ArrayList<>();
        for (SortedSet<String> r : rounds) {
            int before = seen.size();
            seen.addAll(r);
            added.add(seen.size() - before);
        }
        return added;
    }

    static boolean reached(List<SortedSet<String>> rounds, int k) {
        List<Integer> added = newPerRound(rounds);
        // Round 1 is never "no new function"; K quiet rounds must follow at least one.
        return added.size() > k && added.subList(added.size() - k, added.size()).stream().allMatch(n -> n == 0);
    }

    static boolean done(List<SortedSet<String>> rounds, int k, int max) {
        return rounds.size() >= max || reached(rounds, k);
    }

    static Summary.Steady summary(List<SortedSet<String>> rounds, int k, int max) {
        List<Integer> added = newPerRound(rounds);
        List<Integer> cumulative = new ArrayList<>();
        int sum = 0;
        for (int n : added) {
            sum += n;
            cumulative.add(sum);
        }
        return new Summary.Steady(k, max, added, cumulative, reached(rounds, k));
    }
}
