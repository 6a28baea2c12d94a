package hapmeter.analysis;

import hapmeter.ConfigFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Published counts to compare with (vm-configs/reference/*.json), and the ratios between
 * scenarios that carry over from one kernel to another better than absolute counts.
 */
public record Reference(String name, String description, Map<String, Map<String, Integer>> scenarios,
        List<Ratio> ratios) {

    public record Ratio(String numerator, String denominator, List<String> measures) {
    }

    /** One compared ratio: ours from MEASURED, the reference's when it has both values (else null). */
    public record Comparison(String label, double ours, Double theirs) {
    }

    public static Reference load(Path file) {
        return ConfigFiles.read(file, Reference.class);
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
