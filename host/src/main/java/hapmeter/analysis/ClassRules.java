package hapmeter.analysis;

import com.fasterxml.jackson.annotation.JsonProperty;
import hapmeter.trace.RuleFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sorts function names into classes (vm-configs/rules/*.json): the first class, in file order, with a substring
 * occurring in the name or a prefix starting it wins; otherwise the default class.
 */
public final class ClassRules {
    record Spec(String name, String description, List<ClassSpec> classes, @JsonProperty("default") String defaultClass) {
    }

    record ClassSpec(String name, List<String> substrings, List<String> prefixes) {
    }

    private record Rule(String name, List<String> substrings, List<String> prefixes) {
        boolean matches(String fn) {
            for (String s : substrings) {
                if (fn.contains(s)) {
                    return true;
                }
            }
            for (String p : prefixes) {
                if (fn.startsWith(p)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final String name;
    private final String description;
    private final List<Rule> rules;
    private final String defaultClass;

    private ClassRules(String name, String description, List<Rule> rules, String defaultClass) {
        this.name = name;
        this.description = description;
        this.rules = rules;
        this.defaultClass = defaultClass;
    }

    public static ClassRules load(Path file) {
        Spec s = RuleFiles.read(file, Spec.class);
        String name = RuleFiles.requireText(file, "name", s.name());
        String description = RuleFiles.requireText(file, "description", s.description());
        String defaultClass = RuleFiles.requireText(file, "default", s.defaultClass());
        if (s.classes() == null || s.classes().isEmpty()) {
            throw RuleFiles.invalid(file, "classes", s.classes() == null ? "missing" : "must not be empty");
        }
        List<Rule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>(Set.of(defaultClass));
        for (int i = 0; i < s.classes().size(); i++) {
            String at = "classes[" + i + "]";
            ClassSpec c = s.classes().get(i);
            if (c == null) {
                throw RuleFiles.invalid(file, at, "missing");
            }
            String cn = RuleFiles.requireText(file, at + ".name", c.name());
            if (!names.add(cn)) {
                throw RuleFiles.invalid(file, at + ".name", "'" + cn + "' is used twice (the default class counts)");
            }
            List<String> substrings = RuleFiles.strings(file, at + ".substrings", c.substrings(), false);
            List<String> prefixes = RuleFiles.strings(file, at + ".prefixes", c.prefixes(), false);
            if (substrings.isEmpty() && prefixes.isEmpty()) {
                throw RuleFiles.invalid(file, at, "class '" + cn + "' is empty: give substrings or prefixes");
            }
            rules.add(new Rule(cn, substrings, prefixes));
        }
        return new ClassRules(name, description, List.copyOf(rules), defaultClass);
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public String classify(String fn) {
        for (Rule r : rules) {
            if (r.matches(fn)) {
                return r.name();
            }
        }
        return defaultClass;
    }

    /** The classes in file order, then the default class. */
    public List<String> classNames() {
        List<String> out = new ArrayList<>();
        rules.forEach(r -> out.add(r.name()));
        out.add(defaultClass);
        return out;
    }

    /** Functions per class, every class present (zeros included), in {@link #classNames()} order. */
    public Map<String, Integer> countByClass(Collection<String> functions) {
        Map<String, Integer> out = new LinkedHashMap<>();
        classNames().forEach(c -> out.put(c, 0));
        functions.forEach(f -> out.merge(classify(f), 1, Integer::sum));
        return out;
    }

    /**
     * For the paper's tables 2 and 3: per class (not the default), per pattern, how many of the functions match
     * it, whichever class they were finally put in (so a function can count under several patterns). Substrings
     * are keyed as written, prefixes as {@code prefix*}.
     */
    public Map<String, Map<String, Integer>> countBySubstring(Collection<String> functions) {
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        for (Rule r : rules) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (String s : r.substrings()) {
                counts.put(s, (int) functions.stream().filter(f -> f.contains(s)).count());
            }
            for (String p : r.prefixes()) {
                counts.put(p + "*", (int) functions.stream().filter(f -> f.startsWith(p)).count());
            }
            out.put(r.name(), counts);
        }
        return out;
    }
}
