package hapmeter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/** The JSON configuration files (vm-configs/, images/image.json): bad ones are rejected in one line naming the file. */
public final class ConfigFiles {
    private ConfigFiles() {
    }

    public static <T> T read(Path file, Class<T> type) {
        try {
            return Json.MAPPER.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /**
     * FILE read over the file its "like" names (LIKE.json beside it, which may itself be like another): every field
     * FILE gives replaces the base's whole, so a variant says only what differs from its base.
     */
    public static <T> T readLike(Path file, Class<T> type) {
        ObjectNode merged = overBase(file, new ArrayList<>());
        try {
            return Json.MAPPER.treeToValue(merged, type);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static ObjectNode overBase(Path file, List<Path> variants) {
        JsonNode read;
        try {
            read = Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        check(file, "(top level)", read instanceof ObjectNode, "must be a JSON object");
        ObjectNode own = (ObjectNode) read;
        JsonNode like = own.remove("like");
        if (like == null) {
            return own;
        }
        check(file, "like", like.isTextual(), "must name another file of this directory");
        Path base = file.resolveSibling(like.asText() + ".json");
        check(file, "like", Files.isRegularFile(base), "names '" + like.asText() + "', but there is no " + base);
        variants.add(file);
        check(file, "like", !variants.contains(base), "goes round in a circle through " + base.getFileName());
        ObjectNode merged = overBase(base, variants);
        merged.setAll(own);
        return merged;
    }

    /** "FILE: " and the first line of Jackson's message (the rest quotes the source). */
    private static HapmeterException unreadable(Path file, IOException e) {
        return new HapmeterException(file + ": " + e.getMessage().lines().findFirst().orElse(""), e);
    }

    /** Unless OK: "FILE: field 'FIELD' REASON". */
    public static void check(Path file, String field, boolean ok, String reason) {
        if (!ok) {
            throw new HapmeterException(file + ": field '" + field + "' " + reason);
        }
    }

    /** NAME.json must say it is NAME: the name by which runs and other files refer to it. */
    public static void checkName(Path file, String name) {
        String base = baseName(file);
        check(file, "name", base.equals(name), "must equal the file name '" + base + "'");
    }

    private static String baseName(Path file) {
        return file.getFileName().toString().replaceFirst("\\.json$", "");
    }

    /** Every DIR/NAME.json through LOAD (which checks that the name inside is NAME), by NAME; WHAT names them in errors. */
    public static <T> TreeMap<String, T> loadAll(Path dir, String what, Function<Path, T> load) {
        TreeMap<String, T> all = new TreeMap<>();
        files(dir, what).forEach((name, f) -> all.put(name, load.apply(f)));
        return all;
    }

    /** DIR/NAME.json by NAME, unread; WHAT names them in errors. */
    public static TreeMap<String, Path> files(Path dir, String what) {
        if (!Files.isDirectory(dir)) {
            throw new HapmeterException("no " + what + " directory " + dir + " (a configuration directory has the "
                    + "folders of vm-configs/: copy the missing one from there)");
        }
        TreeMap<String, Path> all = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.toString().endsWith(".json")).forEach(f -> all.put(baseName(f), f));
        } catch (IOException e) {
            throw new HapmeterException("cannot list " + what + " in " + dir + ": " + e.getMessage(), e);
        }
        return all;
    }
}
