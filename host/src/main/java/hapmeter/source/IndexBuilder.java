package hapmeter.source;

import hapmeter.HapmeterException;
import hapmeter.image.Digests;
import hapmeter.source.SourceIndex.Definition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Measures every function of a source tree with Debian's pmccabe (cyclomatic complexity, first line and length;
 * its line numbers are right) and GNU complexity (the score nabla-measurements used; its line numbers drift, so
 * its rows are matched to pmccabe's by file and name, in order). Files are measured in batches, in parallel.
 */
public final class IndexBuilder {
    /** Tree top-level directories that are not kernel code: documentation, host tools, samples, build scripts. */
    static final Set<String> NOT_KERNEL = Set.of("Documentation", "tools", "samples", "scripts", "usr", "LICENSES");
    private static final int BATCH = 200;
    private static final Pattern PMCCABE = Pattern.compile(
            "(\\d+)\\t(\\d+)\\t(\\d+)\\t(\\d+)\\t(\\d+)\\t(.*)\\((\\d+)\\): (\\S+)");
    private static final Pattern COMPLEXITY = Pattern.compile("\\s*(\\d+)\\s+\\d+\\s+\\d+\\s+(.*)\\((\\d+)\\): (\\S+)");
    private static final Pattern SYSCALL_MACRO = Pattern.compile("(COMPAT_)?SYSCALL_DEFINE\\d");
    private static final Pattern SYSCALL_NAME = Pattern.compile("(?:COMPAT_)?SYSCALL_DEFINE\\d\\s*\\(\\s*(\\w+)");
    /** The C++ keyword 'class' is a common identifier in the kernel and makes pmccabe crash (signal 11). */
    private static final Pattern CLASS = Pattern.compile("\\bclass\\b");
    private static final Pattern WEAK = Pattern.compile("\\b__weak\\b|__attribute__\\s*\\(\\(\\s*(?:__)?weak\\b");

    /** What {@link #measure} found. */
    record Measured(List<Definition> definitions, List<String> rewritten, List<String> failed,
            int complexityUnmatched) {
    }

    private record Pm(String file, int defLine, int first, int lines, int mccabe, String name) {
    }

    private record Cx(String file, int line, int score, String name) {
    }

    private record Batch(List<Pm> pm, List<Cx> cx, List<String> rewritten, List<String> failed) {
    }

    private IndexBuilder() {
    }

    /**
     * Indexes TREE into OUT: Kbuild guards, both tools over {@link #select}'s files on every core, then the data
     * and meta.json (last). TIMINGS gets the steps' seconds; its "total" counts from STARTED (System.nanoTime).
     */
    public static SourceIndex.Meta build(Path tree, String arch, String source, Path out, Map<String, String> tools,
            Map<String, Double> timings, long started, Consumer<String> progress) throws IOException {
        long t = System.nanoTime();
        Kbuild kbuild = Kbuild.scan(tree, arch);
        t = lap(timings, "kbuild", t);
        List<String> files = select(tree, arch);
        int threads = Runtime.getRuntime().availableProcessors();
        progress.accept("measuring " + files.size() + " files with pmccabe and complexity on " + threads + " threads");
        Measured measured = measure(tree, files, threads);
        t = lap(timings, "measure", t);
        Map<String, List<Kbuild.Alternative>> guards = new LinkedHashMap<>();
        files.forEach(f -> guards.put(f, kbuild.guard(f)));
        SourceIndex.writeData(out, measured.definitions(), guards);
        lap(timings, "write", t);
        timings.put("total", seconds(started));
        long names = measured.definitions().stream().map(Definition::name).distinct().count();
        String scope = "the .c and .h files except " + String.join(", ", NOT_KERNEL.stream().sorted().toList())
                + ", arch/" + arch + "/um and arch/ other than arch/" + arch;
        SourceIndex.Meta meta = new SourceIndex.Meta(SourceIndex.FORMAT, source, arch, scope, files.size(),
                measured.definitions().size(), (int) names, measured.rewritten(), measured.failed(),
                measured.complexityUnmatched(), tools, timings, Instant.now().toString());
        SourceIndex.writeMeta(out, meta);
        return meta;
    }

    static double seconds(long since) {
        return Math.round((System.nanoTime() - since) / 1e7) / 100.0;
    }

    static long lap(Map<String, Double> timings, String step, long since) {
        timings.put(step, seconds(since));
        return System.nanoTime();
    }

    /**
     * The .c and .h files of TREE that are kernel code for ARCH (e.g. x86): everything but {@link #NOT_KERNEL}, the
     * other architectures and arch/ARCH/um (User-mode Linux's, built for ARCH=um only), whose same-named functions
     * would only add false ambiguity.
     */
    static List<String> select(Path tree, String arch) throws IOException {
        try (Stream<Path> s = Files.walk(tree)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return (n.endsWith(".c") || n.endsWith(".h")) && Files.isRegularFile(p);
            }).map(p -> tree.relativize(p).toString().replace('\\', '/')).filter(f -> {
                String[] parts = f.split("/");
                return parts.length > 1 && !NOT_KERNEL.contains(parts[0]) && (!parts[0].equals("arch")
                        || (parts.length > 2 && parts[1].equals(arch) && !parts[2].equals("um")));
            }).sorted().toList();
        }
    }

    /** Runs both tools over FILES (relative to TREE) on THREADS threads. */
    static Measured measure(Path tree, List<String> files, int threads) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<Batch>> futures = new ArrayList<>();
            for (int i = 0; i < files.size(); i += BATCH) {
                List<String> batch = files.subList(i, Math.min(files.size(), i + BATCH));
                futures.add(pool.submit(() -> batch(tree, batch)));
            }
            List<Pm> pm = new ArrayList<>();
            List<Cx> cx = new ArrayList<>();
            List<String> rewritten = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            for (Future<Batch> f : futures) {
                Batch b = f.get();
                pm.addAll(b.pm());
                cx.addAll(b.cx());
                rewritten.addAll(b.rewritten());
                failed.addAll(b.failed());
            }
            return combine(tree, pm, cx, rewritten, failed);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            throw c instanceof RuntimeException re ? re : new HapmeterException("measuring " + tree + ": " + c, c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HapmeterException("interrupted while measuring " + tree, e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Batch batch(Path tree, List<String> files) throws IOException {
        List<Pm> pm = new ArrayList<>();
        List<String> rewritten = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        Run r = run(tree, "pmccabe", files);
        if (r.crashed()) {
            for (String f : files) { // find the file(s) it crashed on
                Run one = run(tree, "pmccabe", List.of(f));
                if (one.crashed()) {
                    one = rewritten(tree, f);
                    (one.crashed() ? failed : rewritten).add(f);
                }
                parsePmccabe(one.out(), pm);
            }
        } else {
            parsePmccabe(r.out(), pm);
        }
        List<Cx> cx = new ArrayList<>();
        Run c = run(tree, "complexity", files);
        if (c.crashed()) {
            for (String f : files) {
                parseComplexity(run(tree, "complexity", List.of(f)).out(), cx);
            }
        } else {
            parseComplexity(c.out(), cx);
        }
        return new Batch(pm, cx, rewritten, failed);
    }

    /**
     * pmccabe on a copy of FILE with the identifier 'class' renamed to 'clas_': same length, same lines, not a
     * decision point, so every number is what the original would give had pmccabe not crashed.
     */
    private static Run rewritten(Path tree, String file) throws IOException {
        Path tmp = Files.createTempDirectory("hapmeter-pmccabe-");
        try {
            Path copy = tmp.resolve(file);
            Files.createDirectories(copy.getParent());
            String text = Files.readString(tree.resolve(file), StandardCharsets.ISO_8859_1);
            Files.writeString(copy, CLASS.matcher(text).replaceAll("clas_"), StandardCharsets.ISO_8859_1);
            return run(tmp, "pmccabe", List.of(file));
        } finally {
            Digests.deleteTree(tmp);
        }
    }

    private record Run(int exit, String out) {
        /** Killed by a signal (the JDK reports 128 + signal). */
        boolean crashed() {
            return exit >= 128;
        }
    }

    private static Run run(Path dir, String tool, List<String> files) throws IOException {
        List<String> cmd = new ArrayList<>(tool.equals("complexity") ? List.of(tool, "-t0", "-H") : List.of(tool));
        cmd.addAll(files);
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new HapmeterException(tool + " not found (apt-get install pmccabe complexity): " + e.getMessage(), e);
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        try {
            return new Run(p.waitFor(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HapmeterException("interrupted while running " + tool, e);
        }
    }

    private static void parsePmccabe(String out, List<Pm> into) {
        for (String line : out.split("\n")) {
            Matcher m = PMCCABE.matcher(line);
            if (m.matches()) {
                into.add(new Pm(m.group(6), Integer.parseInt(m.group(7)), Integer.parseInt(m.group(4)),
                        Integer.parseInt(m.group(5)), Integer.parseInt(m.group(2)), m.group(8)));
            }
        }
    }

    private static void parseComplexity(String out, List<Cx> into) {
        for (String line : out.split("\n")) {
            Matcher m = COMPLEXITY.matcher(line);
            if (m.matches()) {
                into.add(new Cx(m.group(2), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(1)), m.group(4)));
            }
        }
    }

    /**
     * pmccabe's rows with GNU complexity's scores: per file and name, the k-th definition of each tool (in line
     * order) are the same when both tools found equally many; otherwise the score stays unknown (-1).
     */
    private static Measured combine(Path tree, List<Pm> pm, List<Cx> cx, List<String> rewritten, List<String> failed)
            throws IOException {
        Map<String, List<Cx>> scores = new HashMap<>();
        cx.forEach(c -> scores.computeIfAbsent(c.file() + "\0" + c.name(), k -> new ArrayList<>()).add(c));
        Map<String, List<Pm>> rows = new HashMap<>();
        pm.forEach(p -> rows.computeIfAbsent(p.file() + "\0" + p.name(), k -> new ArrayList<>()).add(p));
        Map<String, List<String>> sources = new HashMap<>();
        List<Named> named = new ArrayList<>();
        int unmatched = 0;
        for (Map.Entry<String, List<Pm>> e : rows.entrySet()) {
            List<Pm> ps = e.getValue();
            ps.sort(Comparator.comparingInt(Pm::defLine));
            List<Cx> cs = scores.getOrDefault(e.getKey(), new ArrayList<>());
            cs.sort(Comparator.comparingInt(Cx::line));
            boolean matched = cs.size() == ps.size();
            unmatched += matched ? 0 : ps.size();
            for (int i = 0; i < ps.size(); i++) {
                Pm p = ps.get(i);
                named.add(new Named(p, name(tree, p, sources), matched ? cs.get(i).score() : -1));
            }
        }
        Set<Named> weak = weak(tree, named);
        List<Definition> out = new ArrayList<>();
        for (Named n : named) {
            Pm p = n.pm();
            out.add(new Definition(n.name(), p.file(), p.first(), p.lines(), p.mccabe(), n.complexity(),
                    weak.contains(n)));
        }
        Collections.sort(rewritten);
        Collections.sort(failed);
        return new Measured(out, List.copyOf(rewritten), List.copyOf(failed), unmatched);
    }

    private record Named(Pm pm, String name, int complexity) {
    }

    /**
     * The definitions, of names defined more than once, whose text from first line to name says __weak: the
     * linker drops them for a strong definition (kernel/bpf/core.c's skb_copy_bits for net/core/skbuff.c's).
     */
    private static Set<Named> weak(Path tree, List<Named> named) throws IOException {
        Map<String, Long> count = new HashMap<>();
        named.forEach(n -> count.merge(n.name(), 1L, Long::sum));
        Map<String, List<Named>> byFile = new HashMap<>();
        named.stream().filter(n -> count.get(n.name()) > 1)
                .forEach(n -> byFile.computeIfAbsent(n.pm().file(), k -> new ArrayList<>()).add(n));
        Set<Named> out = new HashSet<>();
        for (Map.Entry<String, List<Named>> e : byFile.entrySet()) {
            List<String> lines = lines(tree, e.getKey());
            for (Named n : e.getValue()) {
                String text = String.join(" ", lines.subList(Math.max(0, n.pm().first() - 1),
                        Math.min(lines.size(), n.pm().defLine())));
                if (WEAK.matcher(text).find()) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    private static List<String> lines(Path tree, String file) throws IOException {
        return Files.readAllLines(tree.resolve(file), StandardCharsets.ISO_8859_1);
    }

    /** The function's name; for SYSCALL_DEFINEn(read, …) at its definition line, sys_read (compat_sys_… likewise). */
    private static String name(Path tree, Pm p, Map<String, List<String>> sources) {
        Matcher macro = SYSCALL_MACRO.matcher(p.name());
        if (!macro.matches()) {
            return p.name();
        }
        List<String> lines = sources.computeIfAbsent(p.file(), f -> {
            try {
                return lines(tree, f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        StringBuilder text = new StringBuilder();
        for (int i = p.defLine() - 1; i < Math.min(lines.size(), p.defLine() + 2); i++) {
            text.append(lines.get(i)).append(' ');
        }
        Matcher m = SYSCALL_NAME.matcher(text);
        return m.find() ? (macro.group(1) != null ? "compat_sys_" : "sys_") + m.group(1) : p.name();
    }
}
