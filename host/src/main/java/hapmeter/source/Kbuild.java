package hapmeter.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which configuration builds a source file, read from the tree's Kbuild/Makefile object lists: an approximation
 * of Kbuild good enough to tell {@code mm/slub.c} (obj-$(CONFIG_SLUB)) from {@code mm/slob.c} (obj-$(CONFIG_SLOB))
 * and to name the module a file is linked into ({@code net/bridge/br_fdb.c} is part of bridge.o).
 *
 * <p>Understood: {@code obj-y/-m/-$(CONFIG_X)}, {@code lib-…}, composite objects ({@code foo-y}, {@code foo-objs},
 * {@code foo-$(CONFIG_X)}), {@code $(subst m,y,$(CONFIG_X))}, subdirectories ({@code obj-$(CONFIG_X) += dir/}),
 * {@code ifdef CONFIG_X} / {@code ifeq ($(CONFIG_X),y)} blocks, simple variables ({@code KVM ?= ../../../virt/kvm})
 * and {@code include $(srctree)/…}. Whatever is not understood makes a file's guard unknown, never "not built":
 * the ambiguity rule only ever drops a definition on a clear "not set".
 */
public final class Kbuild {
    /** How the configuration builds a file. */
    public enum Built { BUILTIN, MODULE, NOT_BUILT, UNKNOWN }

    /** One way a file gets built: the top-level object it ends up in (a module's name when built as m), and the
     * symbols that must all be y or m ("=m" for obj-m). */
    public record Alternative(String module, List<String> symbols) {
    }

    /** The result of {@link #evaluate}: MODULE carries the module's name. */
    public record Result(Built built, String module) {
        static final Result UNKNOWN = new Result(Built.UNKNOWN, null);
    }

    /** Where an object (or a directory, "dir/") is listed; target null for obj-/lib-, else the composite. */
    private record Ref(String dir, String target, List<String> symbols) {
    }

    private static final String UNKNOWN_CODE = "?";
    private static final int MAX_ALTERNATIVES = 16;
    private static final int MAX_DEPTH = 12;
    private static final Set<String> NOT_OBJECT_LISTS = Set.of("extra", "always", "targets", "hostprogs", "subdir",
            "ccflags", "asflags", "ldflags", "cflags", "userprogs", "userccflags", "subdir-ccflags", "subdir-asflags",
            "clean", "no-clean", "header-test", "always-test", "real-obj");
    private static final Pattern LIST = Pattern.compile(
            "([A-Za-z0-9_.-]+?)-(y|m|objs|\\$\\((CONFIG_\\w+)\\)|\\$\\(subst m,y,\\$\\((CONFIG_\\w+)\\)\\)|\\$\\(.*\\))"
                    + "\\s*(\\+=|:=|=)(.*)");
    private static final Pattern VARIABLE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*(\\?=|:=|\\+=|=)(.*)");
    private static final Pattern IF_CONFIG = Pattern.compile(
            "if(n?eq)\\s*\\(\\s*\\$\\((CONFIG_\\w+)\\)\\s*,\\s*(\\w*)\\s*\\)");
    private static final Pattern INCLUDE = Pattern.compile("-?include\\s+\\$\\((srctree|src)\\)/(\\S+)");
    private static final Pattern VAR_REF = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private final Map<String, List<Ref>> refs = new HashMap<>();
    private final Map<String, List<Alternative>> memo = new HashMap<>();

    private Kbuild() {
    }

    /** Reads every directory's Kbuild (else Makefile) under ROOT, of the architecture ARCH only (e.g. x86). */
    public static Kbuild scan(Path root, String arch) throws IOException {
        Kbuild k = new Kbuild();
        Path arches = root.resolve("arch");
        List<Path> dirs;
        try (Stream<Path> s = Files.walk(root)) {
            dirs = s.filter(Files::isDirectory)
                    .filter(d -> !d.startsWith(arches) || d.equals(arches) || d.startsWith(arches.resolve(arch)))
                    .toList();
        }
        for (Path d : dirs) {
            Path file = Files.isRegularFile(d.resolve("Kbuild")) ? d.resolve("Kbuild") : d.resolve("Makefile");
            if (Files.isRegularFile(file)) {
                k.parse(root, relative(root, d), file, new HashMap<>(), 0);
            }
        }
        return k;
    }

    /** The guard of a source file (dir/x.c is built as dir/x.o), or null when unknown (headers, #included .c). */
    public List<Alternative> guard(String sourceFile) {
        if (!sourceFile.endsWith(".c")) {
            return null;
        }
        return alternatives(sourceFile.substring(0, sourceFile.length() - 2) + ".o", 0);
    }

    /** ALTERNATIVES (null: unknown) under CONFIG. */
    public static Result evaluate(List<Alternative> alternatives, KernelConfig config) {
        if (alternatives == null || !config.known()) {
            return Result.UNKNOWN;
        }
        String module = null;
        boolean anyModule = false;
        for (Alternative a : alternatives) {
            boolean set = true;
            boolean asModule = false;
            for (String s : a.symbols()) {
                char v = s.equals("=m") ? 'm' : config.value(s);
                set &= v != 'n';
                asModule |= v == 'm';
            }
            if (set && !asModule) {
                return new Result(Built.BUILTIN, null);
            }
            if (set && !anyModule) {
                anyModule = true;
                module = a.module();
            }
        }
        return anyModule ? new Result(Built.MODULE, module) : new Result(Built.NOT_BUILT, null);
    }

    /** "module@SYM&SYM|module@…", or "?" for unknown; the index stores guards in this form. */
    public static String encode(List<Alternative> alternatives) {
        if (alternatives == null) {
            return UNKNOWN_CODE;
        }
        List<String> parts = new ArrayList<>();
        for (Alternative a : alternatives) {
            parts.add((a.module() == null ? "" : a.module()) + "@" + String.join("&", a.symbols()));
        }
        return String.join("|", parts);
    }

    public static List<Alternative> decode(String code) {
        if (code.equals(UNKNOWN_CODE)) {
            return null;
        }
        List<Alternative> out = new ArrayList<>();
        for (String part : code.split("\\|")) {
            int at = part.indexOf('@');
            String syms = part.substring(at + 1);
            out.add(new Alternative(at == 0 ? null : part.substring(0, at),
                    syms.isEmpty() ? List.of() : List.of(syms.split("&"))));
        }
        return List.copyOf(out);
    }

    private List<Alternative> alternatives(String object, int depth) {
        if (memo.containsKey(object)) {
            return memo.get(object);
        }
        List<Alternative> out = compute(object, depth);
        memo.put(object, out);
        return out;
    }

    private List<Alternative> compute(String object, int depth) {
        List<Ref> listed = refs.get(object);
        if (listed == null || depth > MAX_DEPTH) {
            return null;
        }
        Set<Alternative> out = new LinkedHashSet<>();
        for (Ref r : listed) {
            if (r.symbols() == null) {
                return null;
            }
            List<Alternative> parents;
            if (r.target() == null) {
                String module = object.endsWith("/") ? null : moduleName(object);
                List<Alternative> dir = directory(r.dir(), depth);
                if (dir == null) {
                    return null;
                }
                parents = dir.stream().map(a -> new Alternative(module, a.symbols())).toList();
            } else {
                parents = alternatives(r.target(), depth + 1);
                if (parents == null) {
                    return null;
                }
            }
            for (Alternative p : parents) {
                LinkedHashSet<String> symbols = new LinkedHashSet<>(p.symbols());
                symbols.addAll(r.symbols());
                out.add(new Alternative(p.module(), List.copyOf(symbols)));
            }
        }
        return out.size() > MAX_ALTERNATIVES ? null : List.copyOf(out);
    }

    /** A directory nobody lists (top level, arch/x86 via core-y) is built unconditionally. */
    private List<Alternative> directory(String dir, int depth) {
        if (dir.isEmpty() || !refs.containsKey(dir + "/")) {
            return List.of(new Alternative(null, List.of()));
        }
        return alternatives(dir + "/", depth + 1);
    }

    private static String moduleName(String object) {
        String base = object.substring(object.lastIndexOf('/') + 1, object.length() - 2);
        return base.replace('-', '_');
    }

    private void parse(Path root, String dir, Path file, Map<String, String> vars, int depth) throws IOException {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1).replace("\\\n", " ");
        Deque<List<String>> conditions = new ArrayDeque<>();
        for (String raw : text.split("\n")) {
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (line.isEmpty()) {
                continue;
            }
            Matcher m;
            if (line.startsWith("ifdef ") || line.startsWith("ifeq") || line.startsWith("ifneq")
                    || line.startsWith("ifndef ")) {
                conditions.push(condition(line));
            } else if (line.startsWith("else")) {
                if (!conditions.isEmpty()) {
                    conditions.pop();
                }
                conditions.push(List.of()); // the negation is not expressible: no constraint
            } else if (line.equals("endif")) {
                if (!conditions.isEmpty()) {
                    conditions.pop();
                }
            } else if ((m = INCLUDE.matcher(line)).matches()) {
                Path inc = (m.group(1).equals("src") ? root.resolve(dir) : root).resolve(m.group(2)).normalize();
                if (depth < 3 && inc.startsWith(root) && Files.isRegularFile(inc)) {
                    parse(root, dir, inc, vars, depth + 1);
                }
            } else if ((m = LIST.matcher(line)).matches()) {
                list(dir, m, conditions, vars);
            } else if ((m = VARIABLE.matcher(line)).matches()) {
                String name = m.group(1);
                String value = substitute(m.group(3).strip(), vars);
                switch (m.group(2)) {
                    case "?=" -> vars.putIfAbsent(name, value);
                    case "+=" -> vars.merge(name, value, (a, b) -> a + " " + b);
                    default -> vars.put(name, value);
                }
            }
        }
    }

    private void list(String dir, Matcher m, Deque<List<String>> conditions, Map<String, String> vars) {
        String target = m.group(1);
        if (NOT_OBJECT_LISTS.contains(target)) {
            return;
        }
        String cond = m.group(2);
        List<String> symbols = new ArrayList<>();
        if (m.group(3) != null || m.group(4) != null) {
            symbols.add(m.group(3) != null ? m.group(3) : m.group(4));
        } else if (cond.equals("m")) {
            symbols.add("=m");
        } else if (cond.startsWith("$(")) {
            symbols = null; // a condition we do not evaluate
        }
        if (symbols != null) {
            conditions.forEach(symbols::addAll);
            symbols = List.copyOf(new LinkedHashSet<>(symbols));
        }
        boolean topLevel = target.equals("obj") || target.equals("lib");
        Ref ref = new Ref(dir, topLevel ? null : join(dir, target + ".o"), symbols);
        for (String token : substitute(m.group(6), vars).trim().split("\\s+")) {
            if (token.contains("$") || !(token.endsWith(".o") || (topLevel && token.endsWith("/")))) {
                continue;
            }
            String path = join(dir, token);
            if (path != null) {
                refs.computeIfAbsent(path, k -> new ArrayList<>()).add(ref);
            }
        }
    }

    private static List<String> condition(String line) {
        if (line.startsWith("ifdef ") && line.substring(6).strip().startsWith("CONFIG_")) {
            return List.of(line.substring(6).strip());
        }
        Matcher m = IF_CONFIG.matcher(line);
        if (m.matches()) {
            boolean eq = m.group(1).equals("eq");
            String v = m.group(3);
            if (eq ? v.equals("y") || v.equals("m") : v.isEmpty() || v.equals("n")) {
                return List.of(m.group(2));
            }
        }
        return List.of(); // ifndef, ifeq of other things: no constraint
    }

    private static String substitute(String s, Map<String, String> vars) {
        Matcher m = VAR_REF.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = vars.get(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(v != null ? v : m.group()));
        }
        return m.appendTail(sb).toString();
    }

    /** DIR/TOKEN normalised ("a/b" + "../c.o" = "a/c.o"); null when it leaves the tree. */
    private static String join(String dir, String token) {
        Deque<String> parts = new ArrayDeque<>();
        for (String p : (dir.isEmpty() ? token : dir + "/" + token).split("/")) {
            if (p.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.removeLast();
            } else if (!p.isEmpty() && !p.equals(".")) {
                parts.addLast(p);
            }
        }
        return String.join("/", parts) + (token.endsWith("/") ? "/" : "");
    }

    private static String relative(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }
}
