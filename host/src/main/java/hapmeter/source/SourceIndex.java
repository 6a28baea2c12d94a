package hapmeter.source;

import com.fasterxml.jackson.databind.JsonNode;
import hapmeter.Home;
import hapmeter.Json;
import hapmeter.image.Digests;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A kernel source tree's functions, measured once and cached: SOURCE_INDEXES/&lt;package&gt;-&lt;version&gt;/ holds
 * meta.json, functions.tsv.gz (name, file, first line, lines, pmccabe, GNU complexity, weak; sorted by name),
 * files.tsv.gz (path, Kbuild guard) and kernels/&lt;release&gt;.config, one per kernel release the index serves
 * (its configuration, for the ambiguity rule). Lookups stream functions.tsv.gz and keep only the names asked
 * for, so a report never holds the half million definitions of a whole tree.
 */
public final class SourceIndex {
    /** Bumped when the files' meaning changes; an index of another format must be rebuilt (--force). */
    public static final int FORMAT = 1;
    static final String META = "meta.json";
    static final String FUNCTIONS = "functions.tsv.gz";
    static final String FILES = "files.tsv.gz";
    static final String KERNELS = "kernels";

    /**
     * One definition of a function. LINE is pmccabe's first line of the function, LINES through its closing
     * brace; MCCABE is pmccabe's traditional cyclomatic complexity (each case counts); COMPLEXITY the GNU
     * complexity score, or -1 when that tool did not score this definition; WEAK: declared __weak (a default the
     * linker drops for a strong definition; looked for only in names defined more than once).
     */
    public record Definition(String name, String file, int line, int lines, int mccabe, int complexity,
            boolean weak) {
    }

    /**
     * meta.json.
     *
     * @param source   what was measured, e.g. "linux-source-6.1 6.1.192-2"
     * @param scope    which files, in words
     * @param rewritten files pmccabe crashed on, measured with the identifier 'class' renamed (see IndexBuilder)
     * @param failed   files no tool could measure
     * @param complexityUnmatched definitions left without a GNU complexity score (in their file that tool found
     *                   none or a different number of functions of that name)
     * @param timings  seconds per build step (download, extract, kbuild, measure, write, total)
     */
    public record Meta(int format, String source, String arch, String scope, int files, int definitions, int names,
            List<String> rewritten, List<String> failed, int complexityUnmatched, Map<String, String> tools,
            Map<String, Double> timings, String builtAt) {
    }

    private static final Pattern SYSCALL_WRAPPER =
            Pattern.compile("__(?:x64|ia32|se|do)_(compat_)?sys_(\\w+)");

    private final Path dir;
    private final Meta meta;
    private final List<String> files;
    private final Map<String, List<Kbuild.Alternative>> guards;

    private SourceIndex(Path dir, Meta meta, List<String> files, Map<String, List<Kbuild.Alternative>> guards) {
        this.dir = dir;
        this.meta = meta;
        this.files = files;
        this.guards = guards;
    }

    /** Home.cache()/source-index. */
    public static Path defaultRoot() {
        return Home.cache().resolve("source-index");
    }

    /**
     * The index serving kernel RELEASE under ROOT (the newest, if several do), or null if none does.
     *
     * @throws IOException if that index is unreadable or of another format
     */
    public static SourceIndex forKernel(Path root, String release) throws IOException {
        if (!Files.isDirectory(root)) {
            return null;
        }
        List<Path> serving;
        try (Stream<Path> s = Files.list(root)) {
            serving = s.filter(d -> Files.isRegularFile(d.resolve(KERNELS).resolve(release + ".config"))
                            && Files.isRegularFile(d.resolve(META)))
                    .sorted(Comparator.comparing((Path d) -> d.resolve(META).toFile().lastModified()).reversed())
                    .toList();
        }
        return serving.isEmpty() ? null : open(serving.get(0));
    }

    /** @throws IOException if DIR is not a complete index of this format */
    public static SourceIndex open(Path dir) throws IOException {
        JsonNode node = Json.MAPPER.readTree(dir.resolve(META).toFile());
        if (node.path("format").asInt() != FORMAT) {
            throw new IOException("index " + dir + " has format " + node.path("format").asInt() + ", this hapmeter reads "
                    + FORMAT + " (rebuild it with --force)");
        }
        Meta meta = Json.MAPPER.treeToValue(node, Meta.class);
        List<String> files = new ArrayList<>();
        Map<String, List<Kbuild.Alternative>> guards = new HashMap<>();
        try (BufferedReader r = reader(dir.resolve(FILES))) {
            for (String line; (line = r.readLine()) != null; ) {
                int tab = line.indexOf('\t');
                String path = line.substring(0, tab);
                files.add(path);
                guards.put(path, Kbuild.decode(line.substring(tab + 1)));
            }
        }
        return new SourceIndex(dir, meta, List.copyOf(files), guards);
    }

    public Path dir() {
        return dir;
    }

    public Meta meta() {
        return meta;
    }

    /** The Kbuild guard of FILE (null: unknown). */
    public List<Kbuild.Alternative> guard(String file) {
        return guards.get(file);
    }

    /** The configuration of kernel RELEASE this index was registered with. */
    public KernelConfig config(String release) throws IOException {
        return KernelConfig.load(dir.resolve(KERNELS).resolve(release + ".config"));
    }

    /** The definitions of each of FUNCTIONS (trace names) that the index has; absent keys: none found. */
    public Map<String, List<Definition>> lookup(Collection<String> functions) throws IOException {
        Map<String, List<String>> byIndexName = new HashMap<>();
        for (String f : functions) {
            byIndexName.computeIfAbsent(indexName(f), k -> new ArrayList<>()).add(f);
        }
        Map<String, List<Definition>> out = new TreeMap<>();
        try (BufferedReader r = reader(dir.resolve(FUNCTIONS))) {
            for (String line; (line = r.readLine()) != null; ) {
                int tab = line.indexOf('\t');
                List<String> asked = byIndexName.get(line.substring(0, tab));
                if (asked != null) {
                    String[] f = line.split("\t");
                    Definition d = new Definition(f[0], files.get(Integer.parseInt(f[1])), Integer.parseInt(f[2]),
                            Integer.parseInt(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5]), f[6].equals("1"));
                    asked.forEach(a -> out.computeIfAbsent(a, k -> new ArrayList<>()).add(d));
                }
            }
        }
        return out;
    }

    /**
     * The name a traced function has in the index. Syscall bodies are written SYSCALL_DEFINEn(read, …) and indexed
     * as sys_read (compat_sys_… for COMPAT_SYSCALL_DEFINEn); the trace shows their generated wrappers
     * __x64_sys_read, __ia32_sys_read, __se_sys_read or __do_sys_read.
     */
    public static String indexName(String function) {
        Matcher m = SYSCALL_WRAPPER.matcher(function);
        return m.matches() ? (m.group(1) != null ? "compat_sys_" : "sys_") + m.group(2) : function;
    }

    /** Writes an index's data into DIR; {@link #writeMeta} comes last, so meta.json's presence means complete. */
    static void writeData(Path dir, List<Definition> definitions, Map<String, List<Kbuild.Alternative>> guards)
            throws IOException {
        Files.createDirectories(dir.resolve(KERNELS));
        Map<String, Integer> fileIds = new HashMap<>();
        List<String> paths = new ArrayList<>(new TreeSet<>(guards.keySet()));
        for (int i = 0; i < paths.size(); i++) {
            fileIds.put(paths.get(i), i);
        }
        try (Writer w = writer(dir.resolve(FILES))) {
            for (String p : paths) {
                w.write(p + "\t" + Kbuild.encode(guards.get(p)) + "\n");
            }
        }
        List<Definition> sorted = new ArrayList<>(definitions);
        sorted.sort(Comparator.comparing(Definition::name).thenComparing(Definition::file)
                .thenComparingInt(Definition::line));
        try (Writer w = writer(dir.resolve(FUNCTIONS))) {
            for (Definition d : sorted) {
                w.write(d.name() + "\t" + fileIds.get(d.file()) + "\t" + d.line() + "\t" + d.lines() + "\t"
                        + d.mccabe() + "\t" + d.complexity() + "\t" + (d.weak() ? 1 : 0) + "\n");
            }
        }
    }

    static void writeMeta(Path dir, Meta meta) throws IOException {
        Json.MAPPER.writeValue(dir.resolve(META).toFile(), meta);
    }

    /** Puts the freshly built index BUILT in DIR's place, keeping the kernels DIR was registered with. */
    static void replace(Path dir, Path built) throws IOException {
        if (Files.isDirectory(dir.resolve(KERNELS))) {
            for (String k : kernels(dir)) {
                Files.copy(dir.resolve(KERNELS).resolve(k + ".config"), built.resolve(KERNELS).resolve(k + ".config"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Digests.deleteTree(dir);
        Files.move(built, dir);
    }

    /** Registers kernel RELEASE with the index in DIR, with its configuration CONFIG (copied). */
    static void register(Path dir, String release, Path config) throws IOException {
        Path dest = dir.resolve(KERNELS).resolve(release + ".config");
        Path tmp = dest.resolveSibling("." + dest.getFileName() + ".tmp");
        Files.createDirectories(dest.getParent());
        Files.copy(config, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, dest, StandardCopyOption.REPLACE_EXISTING);
    }

    static Set<String> kernels(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve(KERNELS))) {
            return new TreeSet<>(s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".config")).map(n -> n.substring(0, n.length() - 7)).toList());
        }
    }

    private static BufferedReader reader(Path file) throws IOException {
        return new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file), 1 << 16),
                StandardCharsets.UTF_8), 1 << 16);
    }

    private static Writer writer(Path file) throws IOException {
        return new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file), 1 << 16),
                StandardCharsets.UTF_8), 1 << 16);
    }
}
