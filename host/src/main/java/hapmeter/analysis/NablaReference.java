package hapmeter.analysis;

import hapmeter.ConfigFiles;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * nabla-measurements' grid (vm-configs/reference/nabla.json): its applications, its isolation rows, which of our
 * scenarios stands for each row and application, and the values read from its graphs.
 *
 * @param readingError how far a published value may be off (read from a graph): pairs closer than twice this are
 *                     not ordered
 * @param applications theirs, in their order; WORKLOAD is ours in its place (null: none), NOTE says how it differs
 * @param rows         theirs (and our baseline), in display order
 */
public record NablaReference(String name, String description, int readingError, Map<String, Application> applications,
        Map<String, Row> rows) {

    public record Application(String workload, String note) {
    }

    /**
     * @param scenarios our scenario per workload
     * @param unmapped  why a workload without a scenario here is not measured (null: the default reason)
     * @param note      how the row differs from theirs, or null
     * @param published their values per application; none for our own rows
     */
    public record Row(Map<String, String> scenarios, String unmapped, String note, Map<String, Published> published) {
        public Row {
            scenarios = scenarios == null ? Map.of() : scenarios;
            published = published == null ? Map.of() : published;
        }
    }

    /** A value of their graphs: the mean over their 10 runs; null where we do not know it. */
    public record Published(Integer functions, Integer complexity) {
    }

    /** Where a scenario sits in the grid. */
    public record Place(String row, String workload) {
    }

    public static NablaReference load(Path file) {
        return ConfigFiles.read(file, NablaReference.class);
    }

    /** The row and workload SCENARIO stands for, if it stands for one. */
    public Optional<Place> place(String scenario) {
        for (Map.Entry<String, Row> r : rows.entrySet()) {
            for (Map.Entry<String, String> s : r.getValue().scenarios().entrySet()) {
                if (s.getValue().equals(scenario)) {
                    return Optional.of(new Place(r.getKey(), s.getKey()));
                }
            }
        }
        return Optional.empty();
    }
}
