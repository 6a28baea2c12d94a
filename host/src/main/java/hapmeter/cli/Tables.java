package hapmeter.cli;

import hapmeter.campaign.Campaign;
import hapmeter.campaign.Summary;

/** The plain-text table printed at the end of a run. */
final class Tables {
    private Tables() {
    }

    static String summary(Campaign.Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-12s %8s %8s %8s %8s %8s %8s %8s%n", "scenario", "total", "virt", "network", "other",
                "raw", "overrun", "bytes"));
        for (Campaign.CellOutcome c : r.cells()) {
            Summary s = c.summary();
            if (s == null) {
                sb.append(String.format("%-12s FAILED: %s%n", c.scenario(), c.error()));
            } else {
                sb.append(String.format("%-12s %8d %8d %8d %8d %8d %8d %8d%n", s.scenario(), s.functionsTotal(),
                        s.byClass().getOrDefault("virtualization", 0), s.byClass().getOrDefault("network", 0),
                        s.byClass().getOrDefault("other", 0), s.functionsRaw(), s.overrun(), s.bytesReceived()));
            }
        }
        return sb.toString().stripTrailing();
    }
}
