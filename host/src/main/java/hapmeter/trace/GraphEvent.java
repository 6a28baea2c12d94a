package hapmeter.trace;

/**
 * One line of a trace as a lexer read it. A single instance is reused from line to line (the parser handles each
 * before the next is read), so lexing allocates nothing; byte ranges refer to the line's buffer.
 */
final class GraphEvent {
    static final int NO_PID = Integer.MIN_VALUE;

    /** Nothing to count: a context-switch frame, another tool's preamble, an event we do not use. */
    static final int IGNORED = 0;
    /** A line of the lexer's format that it could not make sense of. */
    static final int MALFORMED = 1;
    /** Not a line of the lexer's format at all (the trace-cmd lexer, while the format is being detected). */
    static final int FOREIGN = 2;
    /** "f() {": a call with a body; {@link #name} is set. */
    static final int ENTRY = 3;
    /** "f();": a call without traced callees; {@link #name} is set. */
    static final int LEAF = 4;
    /** "}": the end of the entry at the same indent. */
    static final int EXIT = 5;
    /** A context switch on {@link #cpu}: {@link #pid} out, {@link #nextPid} in. */
    static final int SWITCH = 6;
    /** A function_graph line whose body is a comment (trace_printk, or an event such as sched_process_fork). */
    static final int COMMENT = 7;
    /** An event line of trace-cmd report other than function_graph's (only the ones we use). */
    static final int EVENT = 8;
    /** An irq entry/exit marker ("==========>" / "<=========="), funcgraph-irqs=1. */
    static final int IRQ_MARKER = 9;
    /** The ring buffer overflowed here; {@link #lost} events are missing (-1: unknown). */
    static final int LOST = 10;

    int kind;
    int cpu;
    /** From the proc column (or trace-cmd's task field); NO_PID when the line has none. */
    int pid;
    int nextPid;
    boolean abstime;
    /** Indentation of the body: twice the call depth. */
    int indent;
    /** The interned function name ({@link Names}). */
    int name;
    /** The TASK-PID token of the proc column. */
    int taskStart;
    int taskEnd;
    /** A comment's or event's text, e.g. "sched_process_fork: comm=server pid=812 ...". */
    int textStart;
    int textEnd;
    long lost;

    /** Resets the columns a line may lack. */
    void clear() {
        cpu = 0;
        pid = NO_PID;
        abstime = false;
    }
}
