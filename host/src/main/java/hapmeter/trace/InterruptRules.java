package hapmeter.trace;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which calls are interrupt work done on behalf of nobody in particular (vm-configs/rules/interrupts.json).
 * Names are matched after {@link FunctionNames#normalize}; {@code *} is a glob.
 *
 * <ul>
 * <li>{@code subtree_roots}: such a call is dropped with its whole subtree (by depth, as nabla-measurements'
 * filter-interrupts did).</li>
 * <li>{@code deferred_roots}: dropped like subtree roots. Receive work that softirq context deferred to the task
 * that held the socket (the socket backlog, run at release_sock): whether a packet arrives while the server holds
 * its socket is a race, so counting it would make the count depend on which context won; cut, it is cut wherever
 * it runs. {@link #keepingDeferred()} counts it, for the context-dependent figure beside.</li>
 * <li>{@code irq_exit_calls}: dropped (with subtree) only when directly following a dropped call at the same
 * depth. With funcgraph-irqs=0 the hardirq handler is invisible but its exit path is not: the interrupted task
 * shows {@code irq_enter_rcu();} then e.g. {@code __kthread_should_park();} (invoke_softirq) and
 * {@code idle_cpu();} (tick_irq_exit), which are legitimate calls elsewhere.</li>
 * </ul>
 */
public final class InterruptRules {
    record Spec(String description, List<String> subtreeRoots, List<String> deferredRoots, List<String> irqExitCalls) {
    }

    private final String description;
    private final List<String> subtreeRoots;
    private final List<String> deferredRoots;
    private final List<String> irqExitCalls;
    private final Pattern roots;
    private final Pattern exitCalls;

    public InterruptRules(String description, List<String> subtreeRoots, List<String> irqExitCalls) {
        this(description, subtreeRoots, List.of(), irqExitCalls);
    }

    public InterruptRules(String description, List<String> subtreeRoots, List<String> deferredRoots,
            List<String> irqExitCalls) {
        this.description = description;
        this.subtreeRoots = List.copyOf(subtreeRoots);
        this.deferredRoots = List.copyOf(deferredRoots);
        this.irqExitCalls = List.copyOf(irqExitCalls);
        this.roots = globs(Stream.concat(this.subtreeRoots.stream(), this.deferredRoots.stream()).toList());
        this.exitCalls = globs(this.irqExitCalls);
    }

    /** The same rules with deferred receive work counted as the task's own: the context-dependent figure. */
    public InterruptRules keepingDeferred() {
        return new InterruptRules(description, subtreeRoots, List.of(), irqExitCalls);
    }

    public static InterruptRules load(Path file) {
        Spec s = RuleFiles.read(file, Spec.class);
        String description = RuleFiles.requireText(file, "description", s.description());
        List<String> roots = RuleFiles.strings(file, "subtree_roots", s.subtreeRoots(), true);
        if (roots.isEmpty()) {
            throw RuleFiles.invalid(file, "subtree_roots", "must not be empty");
        }
        return new InterruptRules(description, roots, RuleFiles.strings(file, "deferred_roots", s.deferredRoots(), false),
                RuleFiles.strings(file, "irq_exit_calls", s.irqExitCalls(), true));
    }

    public boolean isSubtreeRoot(String normalizedName) {
        return roots.matcher(normalizedName).matches();
    }

    public boolean isIrqExitCall(String normalizedName) {
        return exitCalls.matcher(normalizedName).matches();
    }

    public String description() {
        return description;
    }

    public List<String> subtreeRoots() {
        return subtreeRoots;
    }

    public List<String> deferredRoots() {
        return deferredRoots;
    }

    public List<String> irqExitCalls() {
        return irqExitCalls;
    }

    /** One alternation for the whole list; evaluated once per distinct name, not per line. */
    private static Pattern globs(List<String> globs) {
        return Pattern.compile(globs.stream()
                .map(g -> Arrays.stream(g.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*")))
                .collect(Collectors.joining("|")));
    }
}
