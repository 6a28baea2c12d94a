package hapmeter.trace;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Other tools' and options' renderings of a function_graph recording, derived from the real trace the way they
 * would print it (we cannot record with another tool here: no tracefs outside the test VM).
 */
public final class TraceVariants {
    private static final Pattern CPU_PREFIX = Pattern.compile("^ *\\d+\\) ");

    private TraceVariants() {
    }

    public static InputStream stream(List<String> lines) {
        return new ByteArrayInputStream((String.join("\n", lines) + "\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * `trace-cmd report` of the same recording (trace-cmd 3.x, default options): a "cpus=N" preamble, then per
     * event "%16s-%-5d [%03d] %6.1000d: " and the event name padded to 20 ("funcgraph_entry: " etc.), then the
     * function_graph body as trace-cmd's fgraph handlers print it (lib/trace-cmd/trace-ftrace.c: overhead mark,
     * duration, "|  ", two spaces per depth, "f() {" / "f();" / "}"), which is the kernel line after its proc
     * column. No '#' header; the kernel's context-switch blocks become the sched_switch events a recording with
     * -e sched_switch has; every line names its task.
     */
    public static List<String> traceCmdReport(List<String> lines) {
        List<String> out = new ArrayList<>(List.of("cpus=1"));
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            String time = String.format("%5d.%06d", 1234 + i / 1000, i * 997 % 1_000_000);
            int arrow = l.indexOf("=>");
            if (CPU_PREFIX.matcher(l).find() && arrow > 0 && !l.contains("|")) {
                String prev = l.substring(l.indexOf(')') + 1, arrow).trim();
                String next = l.substring(arrow + 2).trim();
                out.add(traceCmdPrefix(prev, 0, time, "sched_switch") + "prev_comm=" + comm(prev) + " prev_pid="
                        + pid(prev) + " prev_prio=120 prev_state=S ==> next_comm=" + comm(next) + " next_pid="
                        + pid(next) + " next_prio=120");
            } else if (isGraphLine(l)) {
                int bar = l.indexOf('|');
                String rest = l.substring(bar + 1);
                String event = rest.substring(rest.lastIndexOf('|') + 1).trim().startsWith("}") ? "funcgraph_exit"
                        : "funcgraph_entry";
                out.add(traceCmdPrefix(l.substring(l.indexOf(')') + 1, bar).trim(),
                        Integer.parseInt(l.substring(0, l.indexOf(')')).trim()), time, event) + rest.substring(1));
            }
        }
        return out;
    }

    /**
     * The sched_process_fork event (recorded with -e sched_process_fork / events/sched/sched_process_fork/enable) as
     * tracefs prints it amid function_graph lines: a comment in the body, after the forking task's columns.
     */
    public static String forkComment(String task, int childPid) {
        return String.format(" 0)   %s   |               |  /* sched_process_fork: %s */", task, forkFields(task, childPid));
    }

    /** The same event as `trace-cmd report` prints it. */
    public static String traceCmdFork(String task, int childPid) {
        return traceCmdPrefix(task, 0, "1234.999999", "sched_process_fork") + forkFields(task, childPid);
    }

    private static String forkFields(String task, int childPid) {
        return "comm=" + comm(task) + " pid=" + pid(task) + " child_comm=" + comm(task)
                + " child_pid=" + childPid;
    }

    private static String traceCmdPrefix(String task, int cpu, String time, String event) {
        return String.format("%16s-%-5s [%03d] %s: %s: %s", comm(task), pid(task), cpu, time, event,
                " ".repeat(Math.max(0, 20 - event.length())));
    }

    private static String comm(String task) {
        return task.substring(0, task.lastIndexOf('-'));
    }

    private static String pid(String task) {
        return task.substring(task.lastIndexOf('-') + 1);
    }

    /**
     * nabla-measurements' raw `trace` (runtest.bash): funcgraph-proc on; funcgraph-duration, funcgraph-overhead,
     * funcgraph-tail and funcgraph-irqs off; context-switch blocks ("=>") kept.
     */
    public static List<String> nablaMeasurementsTrace(List<String> lines) {
        return noTails(noDuration(lines));
    }

    /** nabla-measurements' per-task PID.raw: `grep PID trace | grep -v "=>"`. */
    public static List<String> nablaMeasurementsRaw(List<String> trace, int pid) {
        return trace.stream().filter(l -> l.contains(String.valueOf(pid)) && !l.contains("=>")).toList();
    }

    /** funcgraph-duration=0: the duration column and its "|  " go; the body follows the proc column's " | ". */
    public static List<String> noDuration(List<String> lines) {
        return map(lines, l -> {
            if (!isGraphLine(l)) {
                return l;
            }
            int start = l.indexOf('|') < l.lastIndexOf('|') ? l.indexOf('|') + 2 : l.indexOf(')') + 2;
            return l.substring(0, start) + l.substring(l.lastIndexOf('|') + 3);
        });
    }

    /** irq entry/exit markers around each irq_enter_rcu() (funcgraph-irqs=1), and trace_printk comments. */
    public static List<String> withMarkersAndComments(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            String prefix = isGraphLine(l) ? l.substring(0, l.indexOf('|') + 1) : null;
            if (l.endsWith("irq_enter_rcu();")) {
                out.add(prefix + "   ==========> |");
                out.add(l);
                out.add(prefix + "   <========== |");
            } else {
                out.add(l);
            }
            if (prefix != null && i % 100 == 0) {
                out.add(prefix + "               |  /* trace_printk: a=1 | b=fake_call(); */");
            }
        }
        return out;
    }

    public static List<String> map(List<String> lines, UnaryOperator<String> f) {
        return lines.stream().map(f).toList();
    }

    public static boolean isGraphLine(String l) {
        return CPU_PREFIX.matcher(l).find() && l.contains("|");
    }

    /** funcgraph-proc=0: " 0)   task-1   |  1.0 us  |  f();" prints as " 0)  1.0 us  |  f();". */
    public static List<String> noProc(List<String> lines) {
        return map(lines, l -> isGraphLine(l) ? l.substring(0, l.indexOf(')') + 2) + l.substring(l.indexOf('|') + 2) : l);
    }

    /** funcgraph-abstime=1: "%5lu.%06lu |  " before the CPU column (not on context switch blocks). */
    public static List<String> withAbstime(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            out.add(isGraphLine(l) ? String.format("%5d.%06d |  ", 1234 + i / 1000, i * 997 % 1_000_000) + l : l);
        }
        return out;
    }

    /** funcgraph-tail=0: closing lines are a bare "}". */
    public static List<String> noTails(List<String> lines) {
        return map(lines, l -> l.replaceFirst("} /\\*.*\\*/$", "}"));
    }

    public static List<String> onCpu(List<String> lines, int cpu) {
        return map(lines, l -> l.replaceFirst("^ 0\\)", " " + cpu + ")"));
    }

    public static List<String> interleave(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            if (i < a.size()) {
                out.add(a.get(i));
            }
            if (i < b.size()) {
                out.add(b.get(i));
            }
        }
        return out;
    }

}
