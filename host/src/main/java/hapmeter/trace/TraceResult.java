package hapmeter.trace;

import java.util.Set;
import java.util.SortedSet;

/**
 * What one trace touched.
 *
 * @param functions    unique normalised names, pid-filtered, interrupt work removed: the paper's count
 * @param functionsRaw unique normalised names, pid-filtered, before the interrupt filter
 * @param lines        lines read
 * @param calls        call events (entries and leaves) counted in {@code functions}
 * @param callsRaw     call events of the selected tasks before the interrupt filter
 * @param skippedLines non-comment lines that were not understood (garbage, a truncated last line)
 * @param pidsSeen     tasks the trace mentions (proc column or context-switch markers), before pid filtering
 * @param format       the detected layout, e.g. "function_graph+proc", "function_graph+abstime" (a tracefs trace
 *                     file with those columns) or "trace-cmd report"
 */
public record TraceResult(SortedSet<String> functions, SortedSet<String> functionsRaw, long lines, long calls,
        long callsRaw, long skippedLines, Set<Integer> pidsSeen, String format) {
}
