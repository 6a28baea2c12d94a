package hapmeter.cli;

import hapmeter.Exec;
import hapmeter.HapmeterException;
import hapmeter.Home;
import hapmeter.Json;
import hapmeter.analysis.ClassRules;
import hapmeter.trace.InterruptRules;
import hapmeter.trace.TraceAnalyzer;
import hapmeter.trace.TraceResult;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "bench", description = "Benchmarks.", subcommands = BenchCommand.Parse.class)
public final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand (parse)");
    }

    @Command(name = "parse", description = {
            "Trace parsing speed against a grep | sed | sort -u pipeline doing the same unique count, on the real",
            "fixtures concatenated into one temporary file. MB = 10^6 bytes. Exits 0 whether or not the target is met."})
    static final class Parse implements Callable<Integer> {
        static final double TARGET = 5.0;
        static final int RUNS = 3;
        /**
         * Call lines' names, module-qualified ones ("f [virtio_net]()") included, clone suffixes stripped: the same
         * set as TraceResult.functionsRaw() for all tasks, so the two counts cross-check each other.
         */
        static final String PIPELINE = "grep -v '^#' \"$1\""
                + " | sed -n 's/.*| *\\([a-zA-Z_][a-zA-Z0-9_.]*\\)\\( \\[[a-zA-Z0-9_]*\\]\\)\\{0,1\\}().*/\\1/p'"
                + " | sort -u | sed -E 's/(\\.(isra|constprop|part|llvm|lto_priv)\\.[0-9]+|\\.cold(\\.[0-9]+)?)+$//'"
                + " | sort -u | wc -l";

        @Option(names = "--size-mb", defaultValue = "200", description = "Minimum size of the test file (default 200).")
        int sizeMb;

        @Option(names = "--fixtures", description = "Directory of *.trace / *.trace.gz (default: host/src/test/resources/fixtures).")
        Path fixtures;

        @Option(names = "--rules-dir", description = "Directory with interrupts.json and paper.json (default: vm-configs/rules).")
        Path rulesDir;

        @Option(names = "--out", description = "Also write the result as JSON here.")
        Path out;

        record Result(String fixtures, int fixtureCount, int copies, long bytes, int runs, double hapmeterSeconds,
                double hapmeterMbPerS, int hapmeterUniqueRaw, int hapmeterUnique, String pipeline,
                double pipelineSeconds, double pipelineMbPerS, int pipelineUnique, double ratio, double target,
                boolean targetMet) {
        }

        @Override
        public Integer call() {
            Path dir = fixtures != null ? fixtures : Home.root().resolve("host/src/test/resources/fixtures");
            Path rules = rulesDir != null ? rulesDir : Home.vmConfigs().resolve("rules");
            TraceAnalyzer analyzer = new TraceAnalyzer(InterruptRules.load(rules.resolve("interrupts.json")));
            ClassRules classes = ClassRules.load(rules.resolve("paper.json"));
            Path big = null;
            try {
                List<byte[]> traces = readFixtures(dir);
                big = Files.createTempFile("hapmeter-bench-", ".trace");
                int copies = concatenate(traces, big, sizeMb * 1_000_000L);
                long bytes = Files.size(big);
                System.out.printf("bench parse: %.1f MB = %d x %d fixture(s) from %s%n", bytes / 1e6, copies,
                        traces.size(), dir);

                TraceResult r = null;
                long ours = Long.MAX_VALUE;
                for (int i = 0; i <= RUNS; i++) { // run 0 warms up the JIT
                    long t = System.nanoTime();
                    r = analyzer.analyze(big, null);
                    classes.countByClass(r.functions());
                    long dt = System.nanoTime() - t;
                    ours = i == 0 ? ours : Math.min(ours, dt);
                }

                List<String> warm = List.of("bash", "-c", "cat \"$1\" > /dev/null", "bench", big.toString());
                Exec.check(null, warm);
                List<String> pipe = List.of("bash", "-c", "export LC_ALL=C; " + PIPELINE, "bench", big.toString());
                long theirs = Long.MAX_VALUE;
                int pipelineUnique = 0;
                for (int i = 0; i < RUNS; i++) {
                    long t = System.nanoTime();
                    pipelineUnique = Integer.parseInt(Exec.check(null, pipe).strip());
                    theirs = Math.min(theirs, System.nanoTime() - t);
                }

                double ourS = ours / 1e9;
                double theirS = theirs / 1e9;
                double ratio = theirS / ourS;
                Result res = new Result(dir.toString(), traces.size(), copies, bytes, RUNS, ourS, bytes / 1e6 / ourS,
                        r.functionsRaw().size(), r.functions().size(), PIPELINE, theirS, bytes / 1e6 / theirS,
                        pipelineUnique, ratio, TARGET, ratio >= TARGET);
                print(res);
                if (out != null) {
                    Json.MAPPER.writeValue(out.toFile(), res);
                }
                return 0;
            } catch (IOException e) {
                throw new HapmeterException("bench parse: " + e.getMessage(), e);
            } finally {
                deleteQuietly(big);
            }
        }

        private static void print(Result r) {
            System.out.printf("  hapmeter analyze+classify  %7.3f s  %7.1f MB/s  %d unique (%d after the interrupt filter)%n",
                    r.hapmeterSeconds(), r.hapmeterMbPerS(), r.hapmeterUniqueRaw(), r.hapmeterUnique());
            System.out.printf("  grep|sed|sort -u pipeline  %7.3f s  %7.1f MB/s  %d unique%n",
                    r.pipelineSeconds(), r.pipelineMbPerS(), r.pipelineUnique());
            System.out.printf("  unique counts %s; best of %d runs each%n",
                    r.hapmeterUniqueRaw() == r.pipelineUnique() ? "agree" : "DIFFER", r.runs());
            System.out.printf("  ratio %.1fx: target >= %.0fx %s%n", r.ratio(), r.target(),
                    r.targetMet() ? "MET" : "NOT MET");
        }

        private static List<byte[]> readFixtures(Path dir) throws IOException {
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> p.getFileName().toString().matches(".*\\.trace(\\.gz)?")).sorted().toList();
            }
            if (files.isEmpty()) {
                throw new HapmeterException("bench parse: no *.trace or *.trace.gz in " + dir);
            }
            List<byte[]> out = new ArrayList<>();
            for (Path f : files) {
                try (InputStream in = Files.newInputStream(f)) {
                    byte[] b = (f.toString().endsWith(".gz") ? new GZIPInputStream(in) : in).readAllBytes();
                    if (b.length > 0 && b[b.length - 1] != '\n') { // so copies do not run into each other
                        b = Arrays.copyOf(b, b.length + 1);
                        b[b.length - 1] = '\n';
                    }
                    out.add(b);
                }
            }
            return out;
        }

        /** Writes whole copies of all traces until at least minBytes; returns the number of copies. */
        private static int concatenate(List<byte[]> traces, Path dest, long minBytes) throws IOException {
            long total = traces.stream().mapToLong(b -> b.length).sum();
            if (total == 0) {
                throw new HapmeterException("bench parse: the fixtures are empty");
            }
            int copies = (int) Math.max(1, (minBytes + total - 1) / total);
            try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(dest), 1 << 20)) {
                for (int i = 0; i < copies; i++) {
                    for (byte[] b : traces) {
                        o.write(b);
                    }
                }
            }
            return copies;
        }

        private static void deleteQuietly(Path p) {
            if (p != null) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    System.err.println("bench parse: cannot delete " + p + ": " + e.getMessage());
                }
            }
        }
    }
}
