package hapmeter.trace;

import java.util.SortedMap;
import java.util.SortedSet;

/**
 * The system calls a workload's tasks entered while traced (see {@link TraceAnalyzer#syscalls}).
 *
 * @param calls      syscall name (without prefix) -> entries
 * @param idlePids   traced tasks with no line at all in the window
 * @param insidePids traced tasks with calls but no syscall entry: inside one syscall since before tracing began
 *                   (a vCPU thread in KVM_RUN)
 */
public record Syscalls(SortedMap<String, Integer> calls, SortedSet<Integer> idlePids, SortedSet<Integer> insidePids) {
}
