package hapmeter.scenario;

import hapmeter.ConfigFiles;
import hapmeter.HapmeterException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A named list of scenarios (vm-configs/sets/NAME.json), given as `--scenarios @NAME`: a whole comparison in one
 * word, such as nabla-measurements' matrix. REPEAT is its cells per scenario unless --repeat says otherwise.
 */
public record ScenarioSet(String name, String description, List<String> scenarios, Integer repeat) {

    /** NAMES with every @SET replaced by its scenarios, and the repeat the first set asks for (null: none does). */
    public record Expanded(List<String> scenarios, Integer repeat) {
    }

    public static Expanded expand(Path configs, List<String> names) {
        List<String> out = new ArrayList<>();
        Integer repeat = null;
        for (String n : names) {
            if (!n.startsWith("@")) {
                out.add(n);
                continue;
            }
            ScenarioSet set = load(configs.resolve("sets"), n.substring(1));
            out.addAll(set.scenarios());
            repeat = repeat != null ? repeat : set.repeat();
        }
        return new Expanded(out, repeat);
    }

    private static ScenarioSet load(Path dir, String name) {
        TreeMap<String, Path> all = ConfigFiles.files(dir, "scenario sets");
        Path f = all.get(name);
        if (f == null) {
            throw new HapmeterException("unknown scenario set '@" + name + "'; known: @" + String.join(", @", all.keySet()));
        }
        ScenarioSet s = ConfigFiles.read(f, ScenarioSet.class);
        ConfigFiles.check(f, "scenarios", s.scenarios() != null && !s.scenarios().isEmpty(), "needs at least one scenario");
        ConfigFiles.check(f, "repeat", s.repeat() == null || s.repeat() >= 1, "must be at least 1");
        return s;
    }
}
