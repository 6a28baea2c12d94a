package hapmeter.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The system calls a workload entered while traced, from the call lines of a function_graph trace with the proc
 * column. A syscall entry is the outermost call on a task's stack (tracked by indentation) named like a syscall
 * entry point; dispatchers above it such as x64_sys_call (6.1.y and 6.9+) are looked through, and nested helpers
 * named like syscalls (__do_sys_* under __x64_sys_*) are not counted again.
 */
public final class Syscalls {
    /** Entry point naming across kernel versions: wrappers since 4.17, SyS_ before, plain sys_ before that. */
    private static final Pattern ENTRY = Pattern.compile(
            "(?:__x64_sys_|__ia32_sys_|__x64_compat_sys_|__ia32_compat_sys_|__x32_compat_sys_|__do_sys_|__se_sys_"
                    + "|__do_compat_sys_|__se_compat_sys_|compat_sys_|SyS_|sys_)(\\w+)");
    /** [abstime |] cpu) task-pid | [duration |] indent body; the task name may hold spaces and dashes. */
    private static final Pattern LINE = Pattern.compile(
            "\\s*(?:\\d+\\.\\d+\\s*\\|\\s*)?\\d+\\)\\s*(.*?)-(\\d+)\\s*\\|(?:\\s*[+!#*@$]?\\s*(?:\\d+\\.\\d+\\s*us)?\\s*\\|)?"
                    + "( *)(.*)");
    private static final Pattern CALL = Pattern.compile("([A-Za-z_][\\w.]*)(?: \\[\\w+\\])?\\(\\)\\s*([{;])");

    /**
     * @param calls       syscall name (without prefix) -> entries
     * @param idlePids    traced tasks with no line at all in the window
     * @param insidePids  traced tasks with calls but no syscall entry: inside one syscall since before tracing began
     *                    (a vCPU thread in KVM_RUN)
     */
    public record Result(SortedMap<String, Integer> calls, SortedSet<Integer> idlePids, SortedSet<Integer> insidePids) {
    }

    /** An open call; UNDER_SYSCALL: it or a caller is a counted syscall entry. */
    private record Frame(int indent, boolean underSyscall) {
    }

    private Syscalls() {
    }

    /** Scans TRACE (plain or gzip) for the tasks PIDS. */
    public static Result scan(Path trace, Set<Integer> pids) throws IOException {
        try (BufferedReader r = TextFiles.open(trace)) {
            return scan(r, pids);
        }
    }

    static Result scan(BufferedReader r, Set<Integer> pids) throws IOException {
        Map<Integer, Deque<Frame>> stacks = new HashMap<>();
        Set<Integer> entered = new TreeSet<>();
        SortedMap<String, Integer> calls = new TreeMap<>();
        boolean graph = false;
        for (String line; (line = r.readLine()) != null; ) {
            Matcher m = LINE.matcher(line);
            if (line.startsWith("#") || !m.matches()) {
                continue;
            }
            graph = true;
            int pid = Integer.parseInt(m.group(2));
            if (!pids.contains(pid)) {
                continue;
            }
            Deque<Frame> stack = stacks.computeIfAbsent(pid, p -> new ArrayDeque<>());
            int indent = m.group(3).length();
            while (!stack.isEmpty() && stack.peek().indent() >= indent) {
                stack.pop(); // closed (by this exit line, or a lost one)
            }
            Matcher c = CALL.matcher(m.group(4));
            if (!c.lookingAt()) {
                continue; // exit, comment, irq marker
            }
            boolean under = !stack.isEmpty() && stack.peek().underSyscall();
            Matcher e = ENTRY.matcher(c.group(1));
            boolean syscall = !under && e.matches();
            if (syscall) {
                calls.merge(e.group(1), 1, Integer::sum);
                entered.add(pid);
            }
            if (c.group(2).equals("{")) {
                stack.push(new Frame(indent, under || syscall));
            }
        }
        if (!graph) {
            throw new IOException("no function_graph call line with a task column (funcgraph-proc=1)");
        }
        SortedSet<Integer> idle = new TreeSet<>(pids);
        idle.removeAll(stacks.keySet());
        SortedSet<Integer> inside = new TreeSet<>(stacks.keySet());
        inside.removeAll(entered);
        return new Result(Collections.unmodifiableSortedMap(calls), Collections.unmodifiableSortedSet(idle),
                Collections.unmodifiableSortedSet(inside));
    }
}
