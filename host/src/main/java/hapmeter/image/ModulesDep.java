package hapmeter.image;

import hapmeter.HapmeterException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A modules.dep file: resolves module names to the files to load, dependencies first. Like modprobe, it loads a
 * module's "pre:" soft dependencies (modules.softdep) before it: libcrc32c, for one, cannot start without a
 * crc32c module, which no symbol names.
 */
public final class ModulesDep {
    private final Map<String, String> pathByName = new HashMap<>();
    private final Map<String, List<String>> depsByPath = new HashMap<>();
    private final Set<String> builtin = new HashSet<>();
    /** Module name -> names (or aliases) of its "pre:" soft dependencies. */
    private final Map<String, List<String>> softPre = new HashMap<>();
    /** Exact alias -> module names providing it. */
    private final Map<String, List<String>> aliases = new HashMap<>();

    private ModulesDep() {
    }

    public static ModulesDep load(Path modulesDep) throws IOException {
        ModulesDep d = new ModulesDep();
        for (String line : Files.readAllLines(modulesDep)) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String path = line.substring(0, colon).trim();
            String rest = line.substring(colon + 1).trim();
            d.pathByName.put(nameOf(path), path);
            d.depsByPath.put(path, rest.isEmpty() ? List.of() : List.of(rest.split("\\s+")));
        }
        for (String line : lines(modulesDep.resolveSibling("modules.softdep"))) {
            // softdep NAME pre: A B post: C
            String[] w = line.trim().split("\\s+");
            if (w.length > 2 && w[0].equals("softdep")) {
                List<String> pre = d.softPre.computeIfAbsent(w[1].replace('-', '_'), k -> new ArrayList<>());
                for (int i = 2, section = 0; i < w.length; i++) {
                    section = w[i].equals("pre:") ? 1 : w[i].equals("post:") ? 2 : section;
                    if (section == 1 && !w[i].equals("pre:")) {
                        pre.add(w[i]);
                    }
                }
            }
        }
        for (String line : lines(modulesDep.resolveSibling("modules.alias"))) {
            String[] w = line.trim().split("\\s+");
            if (w.length == 3 && w[0].equals("alias") && !w[1].contains("*")) {
                d.aliases.computeIfAbsent(w[1], k -> new ArrayList<>()).add(w[2].replace('-', '_'));
            }
        }
        // Another kernel's config may build a wanted module in: then there is nothing to load.
        Path builtin = modulesDep.resolveSibling("modules.builtin");
        if (Files.isRegularFile(builtin)) {
            for (String line : Files.readAllLines(builtin)) {
                if (!line.isBlank()) {
                    d.builtin.add(nameOf(line.trim()));
                }
            }
        }
        return d;
    }

    /** kernel/net/bridge/bridge.ko.xz -> bridge; modprobe treats '-' and '_' alike. */
    static String nameOf(String path) {
        String base = path.substring(path.lastIndexOf('/') + 1);
        int ko = base.indexOf(".ko");
        return (ko < 0 ? base : base.substring(0, ko)).replace('-', '_');
    }

    /** The file name a module has in the image: its base name, stored decompressed. */
    public static String imageName(String path) {
        return path.substring(path.lastIndexOf('/') + 1).replaceFirst("\\.ko\\.(xz|zst|gz)$", ".ko");
    }

    /** Module files (relative to the modules dir) for NAMES and all they need, in load order. */
    public List<String> resolve(Collection<String> names) {
        LinkedHashSet<String> order = new LinkedHashSet<>();
        for (String name : names) {
            if (builtin.contains(name.replace('-', '_'))) {
                continue;
            }
            String path = pathByName.get(name.replace('-', '_'));
            if (path == null) {
                throw new HapmeterException("kernel module '" + name + "' is neither in this kernel's modules.dep"
                        + " nor built in");
            }
            visit(path, order, new HashSet<>());
        }
        return new ArrayList<>(order);
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.isRegularFile(file) ? Files.readAllLines(file) : List.of();
    }

    /**
     * The module file a soft dependency names, or null if it is built in or absent (modprobe skips those too). An
     * alias several modules provide (crc32c: crc32c_intel and crc32c_generic) takes the generic one, which loads
     * on any CPU.
     */
    private String softTarget(String name) {
        String n = name.replace('-', '_');
        List<String> candidates = pathByName.containsKey(n) || builtin.contains(n) ? List.of(n)
                : aliases.getOrDefault(name, List.of());
        String chosen = candidates.stream().filter(c -> c.endsWith("_generic")).findFirst()
                .orElse(candidates.isEmpty() ? null : candidates.get(0));
        return chosen == null || builtin.contains(chosen) ? null : pathByName.get(chosen);
    }

    /** Depth first; SEEN breaks the cycles soft dependencies may form. */
    private void visit(String path, LinkedHashSet<String> order, Set<String> seen) {
        if (order.contains(path) || !seen.add(path)) {
            return;
        }
        for (String pre : softPre.getOrDefault(nameOf(path), List.of())) {
            String target = softTarget(pre);
            if (target != null) {
                visit(target, order, seen);
            }
        }
        for (String dep : depsByPath.getOrDefault(path, List.of())) {
            visit(dep, order, seen);
        }
        order.add(path);
    }
}
