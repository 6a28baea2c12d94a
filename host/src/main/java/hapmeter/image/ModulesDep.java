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

/** A modules.dep file: resolves module names to the files to load, dependencies first. */
public final class ModulesDep {
    private final Map<String, String> pathByName = new HashMap<>();
    private final Map<String, List<String>> depsByPath = new HashMap<>();
    private final Set<String> builtin = new HashSet<>();

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
            visit(path, order);
        }
        return new ArrayList<>(order);
    }

    private void visit(String path, LinkedHashSet<String> order) {
        if (order.contains(path)) {
            return;
        }
        for (String dep : depsByPath.getOrDefault(path, List.of())) {
            visit(dep, order);
        }
        order.add(path);
    }
}
