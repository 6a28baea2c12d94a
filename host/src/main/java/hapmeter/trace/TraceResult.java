package hapmeter.trace;

import java.util.List;
import java.util.Set;
import java.util.SortedSet;

/**
 * What one trace touched.
 *
 * @param functions    unique normalised names of the counted tasks, interrupt work removed: the paper's count
 * @param functionsRaw unique normalised names of the counted tasks, before the interrupt filter
 * @param lines        lines read
 * @param calls        call events (entries and leaves) counted in {@code functions}
 * @param callsRaw     call events of the counted tasks before the interrupt filter
 * @param skippedLines non-comment lines that were not understood (garbage, a truncated last line)
 * @param pidsSeen     tasks the trace mentions (proc column or context-switch markers), before task selection
 * @param format       the detected layout, e.g. "function_graph+proc", "function_graph+abstime" (a tracefs trace
 *                     file with those columns) or "trace-cmd report"
 * @param tasks        the counted tasks that have a pid, in pid order (without the proc column, a CPU's lines
 *                     before its first context switch have none; they are counted all the same)
 * @param forks        the sched_process_fork events, in trace order
 * @param lostMarkers  lines saying the ring buffer lost events there ("[LOST n EVENTS]", "[n EVENTS DROPPED]"):
 *                     a window with any is incomplete
 * @param eventsLost   the events those lines say were lost (a line that does not tell adds none)
 */
public record TraceResult(SortedSet<String> functions, SortedSet<String> functionsRaw, long lines, long calls,
        long callsRaw, long skippedLines, Set<Integer> pidsSeen, String format, List<CountedTask> tasks,
        List<ForkEvent> forks, long lostMarkers, long eventsLost) {
}
