package hapmeter.results;

import com.fasterxml.jackson.core.type.TypeReference;
import hapmeter.HapmeterException;
import hapmeter.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * campaign.json: what was asked, on what, and the state of every cell (pending, done, failed,
 * skipped, interrupted, with the error or reason). Rewritten atomically after every change, so
 * an interrupted run says which cells are missing and why.
 */
public final class CampaignState {
    private final Path file;
    private final Map<String, Object> root;
    private final Map<String, Map<String, Object>> cells;

    @SuppressWarnings("unchecked")
    private CampaignState(Path file, Map<String, Object> root) {
        this.file = file;
        this.root = root;
        this.cells = (Map<String, Map<String, Object>>) root.computeIfAbsent("cells", k -> new LinkedHashMap<>());
    }

    public static CampaignState create(Path file) {
        return new CampaignState(file, new LinkedHashMap<>());
    }

    public static CampaignState load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new HapmeterException("cannot resume: no campaign.json in " + file.getParent());
        }
        try {
            return new CampaignState(file, Json.MAPPER.readValue(file.toFile(), new TypeReference<>() { }));
        } catch (IOException e) {
            throw new HapmeterException("cannot resume: " + file + " is unreadable: " + e.getMessage(), e);
        }
    }

    public Object get(String key) {
        return root.get(key);
    }

    public synchronized void put(String key, Object value) {
        root.put(key, value);
    }

    public synchronized void cell(Cell c, String state, String why) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kernel", c.kernel());
        m.put("scenario", c.scenario());
        m.put("rep", c.rep());
        m.put("state", state);
        if (why != null) {
            m.put(state.equals("skipped") ? "reason" : "error", why);
        }
        cells.put(c.path(), m);
    }

    public synchronized String state(Cell c) {
        Map<String, Object> m = cells.get(c.path());
        return m == null ? null : (String) m.get("state");
    }

    /** The entry of kernel RELEASE under "kernels" (image digest, kallsyms, source index), made if absent. */
    @SuppressWarnings("unchecked")
    public synchronized Map<String, Object> kernel(String release) {
        Map<String, Object> kernels = (Map<String, Object>) root.computeIfAbsent("kernels", k -> new LinkedHashMap<>());
        return (Map<String, Object>) kernels.computeIfAbsent(release, k -> new LinkedHashMap<>());
    }

    /** The cells by path, as recorded (kernel, scenario, rep, state, error or reason). */
    public synchronized Map<String, Map<String, Object>> cells() {
        return new LinkedHashMap<>(cells);
    }

    public synchronized void write() {
        RunLayout.writeJson(file, root);
    }
}
