package hapmeter.analysis;

import hapmeter.ConfigFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Published counts to compare with (vm-configs/reference/hotcloud18.json), the ratios between scenarios
 * that carry over from one kernel to another better than absolute counts, and the reference's
 * claims about the order of scenarios, checked on our counts; THROUGHPUT_CLAIMS are its claims on
 * requests/s (measure "requests_per_s"), checked on a perf run.
 */
public record Reference(String name, String description, Map<String, Map<String, Integer>> scenarios,
        List<Ratio> ratios, List<Claim> claims, List<Claim> throughputClaims) {

    public Reference {
        claims = claims == null ? List.of() : claims;
        throughputClaims = throughputClaims == null ? List.of() : throughputClaims;
    }

    public record Ratio(String numerator, String denominator, List<String> measures) {
    }

    /**
     * A statement of the reference: SMALLER has fewer functions than LARGER; or NUMERATOR/DENOMINATOR
     * of MEASURE is ABOUT, within TOLERANCE. MEASURE is "total" unless given.
     */
    public record Claim(String statement, String smaller, String larger, String numerator, String denominator,
            String measure, Double about, Double tolerance) {
        public Claim {
            measure = measure == null ? "total" : measure;
        }

        /** The two scenarios it compares, the smaller (or numerator) first. */
        public List<String> scenarios() {
            return smaller != null ? List.of(smaller, larger) : List.of(numerator, denominator);
        }
    }

    /**
     * A claim on our numbers: OURS and THEIRS as the claim reads ("211 < 340", "0.42"; THEIRS is the claim's ABOUT
     * where the reference publishes no values to compute it from); HOLDS null if not measured.
     */
    public record ClaimCheck(Claim claim, String ours, String theirs, Boolean holds) {
    }

    /** Every claim on MEASURED (scenario -> measure -> count), in the reference's order. */
    public List<ClaimCheck> check(Map<String, Map<String, Integer>> measured) {
        return check(claims, measured);
    }

    /** Every throughput claim on MEASURED (scenario -> "requests_per_s" -> requests/s), in the reference's order. */
    public List<ClaimCheck> checkThroughput(Map<String, Map<String, Integer>> measured) {
        return check(throughputClaims, measured);
    }

    private List<ClaimCheck> check(List<Claim> list, Map<String, Map<String, Integer>> measured) {
        List<ClaimCheck> out = new ArrayList<>();
        for (Claim c : list) {
            List<String> two = c.scenarios();
            Integer a = value(measured.get(two.get(0)), c.measure());
            Integer b = value(measured.get(two.get(1)), c.measure());
            Integer ta = value(scenarios.get(two.get(0)), c.measure());
            Integer tb = value(scenarios.get(two.get(1)), c.measure());
            if (c.smaller() != null) {
                out.add(new ClaimCheck(c, a == null || b == null ? null : a + " < " + b,
                        ta == null || tb == null ? null : ta + " < " + tb, a == null || b == null ? null : a < b));
            } else {
                Double ours = a == null || b == null || b == 0 ? null : (double) a / b;
                out.add(new ClaimCheck(c, ours == null ? null : String.format("%.2f", ours),
                        String.format("%.2f", ta == null || tb == null ? c.about() : (double) ta / tb),
                        ours == null ? null : Math.abs(ours - c.about()) <= c.tolerance()));
            }
        }
        return out;
    }

    private static Integer value(Map<String, Integer> counts, String measure) {
        return counts == null ? null : counts.get(measure);
    }

    /** One compared ratio: ours from MEASURED, the reference's when it has both values (else null). */
    public record Comparison(String label, double ours, Double theirs) {
    }

    public static Reference load(Path file) {
        return ConfigFiles.read(file, Reference.class);
    }

    /** The paper's reference (HotCloud'18) in the vm-configs directory CONFIGS. */
    public static Reference paper(Path configs) {
        return load(configs.resolve("reference/hotcloud18.json"));
    }

    /**
     * The reference's ratios that MEASURED (scenario -> measure -> count; measures are "total" and
     * class names) allows computing.
     */
    public List<Comparison> compare(Map<String, Map<String, Integer>> measured) {
        List<Comparison> out = new ArrayList<>();
        for (Ratio r : ratios) {
            Map<String, Integer> num = measured.get(r.numerator());
            Map<String, Integer> den = measured.get(r.denominator());
            if (num == null || den == null) {
                continue;
            }
            for (String m : r.measures()) {
                Integer n = num.get(m);
                Integer d = den.get(m);
                if (n == null || d == null || d == 0) {
                    continue;
                }
                out.add(new Comparison(r.numerator() + "/" + r.denominator() + " " + m, (double) n / d,
                        ratio(scenarios.get(r.numerator()), scenarios.get(r.denominator()), m)));
            }
        }
        return out;
    }

    private static Double ratio(Map<String, Integer> num, Map<String, Integer> den, String measure) {
        if (num == null || den == null || num.get(measure) == null || den.get(measure) == null) {
            return null;
        }
        return (double) num.get(measure) / den.get(measure);
    }
}
