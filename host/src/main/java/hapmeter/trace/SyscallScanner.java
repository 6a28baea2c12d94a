package hapmeter.trace;

import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds syscall entries in the calls the interrupt filter kept. An entry is the outermost call on a task's stack
 * (tracked by indentation) named like a syscall entry point; dispatchers above it such as x64_sys_call (6.1.y and
 * 6.9+) are looked through, and nested helpers named like syscalls (__do_sys_* under __x64_sys_*) are not counted
 * again.
 */
final class SyscallScanner implements GraphListener {
    /** Entry point naming across kernel versions: wrappers since 4.17, SyS_ before, plain sys_ before that. */
    private static final Pattern ENTRY = Pattern.compile(
            "(?:__x64_sys_|__ia32_sys_|__x64_compat_sys_|__ia32_compat_sys_|__x32_compat_sys_|__do_sys_|__se_sys_"
                    + "|__do_compat_sys_|__se_compat_sys_|compat_sys_|SyS_|sys_)(\\w+)");
    private static final String NOT_SYSCALL = "";

    /** A task's open calls, innermost last, and the syscalls it entered. */
    private static final class Stack {
        int[] indents = new int[32];
        boolean[] underSyscall = new boolean[32]; // the call or a caller is a counted syscall entry
        int depth;
        final SortedMap<String, Integer> entered = new TreeMap<>();

        void push(int indent, boolean under) {
            if (depth == indents.length) {
                indents = Arrays.copyOf(indents, depth * 2);
                underSyscall = Arrays.copyOf(underSyscall, depth * 2);
            }
            indents[depth] = indent;
            underSyscall[depth++] = under;
        }
    }

    private final Names names;
    private final Map<Task, Stack> stacks = new IdentityHashMap<>();
    private String[] syscallOf = new String[1 << 11]; // per name id, filled on first use
    private Task lastTask;
    private Stack last;

    SyscallScanner(Names names) {
        this.names = names;
    }

    @Override
    public void line(Task t, int indent, int kind, int name, int verdict) {
        if (t != lastTask) {
            lastTask = t;
            last = stacks.computeIfAbsent(t, k -> new Stack());
        }
        Stack s = last;
        while (s.depth > 0 && s.indents[s.depth - 1] >= indent) {
            s.depth--; // closed (by this line's exit, or a lost one)
        }
        if (verdict != InterruptFilter.KEPT) {
            return; // an exit, or interrupt work: no syscall of the task's own
        }
        boolean under = s.depth > 0 && s.underSyscall[s.depth - 1];
        String syscall = under ? NOT_SYSCALL : syscall(name);
        if (syscall != NOT_SYSCALL) {
            s.entered.merge(syscall, 1, Integer::sum);
        }
        if (kind == GraphEvent.ENTRY) {
            s.push(indent, under || syscall != NOT_SYSCALL);
        }
    }

    /** The entries of the COUNTED tasks; PIDS are the tasks asked for, to tell which of them did not run. */
    Syscalls result(List<Task> counted, Set<Integer> pids) {
        SortedMap<String, Integer> calls = new TreeMap<>();
        SortedSet<Integer> idle = new TreeSet<>(pids);
        SortedSet<Integer> inside = new TreeSet<>();
        for (Task t : counted) {
            idle.remove(t.pid);
            Stack s = stacks.get(t);
            if (s == null || s.entered.isEmpty()) {
                inside.add(t.pid);
            } else {
                s.entered.forEach((k, v) -> calls.merge(k, v, Integer::sum));
            }
        }
        return new Syscalls(Collections.unmodifiableSortedMap(calls), Collections.unmodifiableSortedSet(idle),
                Collections.unmodifiableSortedSet(inside));
    }

    private String syscall(int id) {
        if (id >= syscallOf.length) {
            syscallOf = Arrays.copyOf(syscallOf, Math.max(id + 1, syscallOf.length * 2));
        }
        if (syscallOf[id] == null) {
            Matcher m = ENTRY.matcher(names.normalized(id));
            syscallOf[id] = m.matches() ? m.group(1) : NOT_SYSCALL;
        }
        return syscallOf[id];
    }
}
