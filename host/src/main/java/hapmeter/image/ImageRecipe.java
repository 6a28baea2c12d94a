package hapmeter.image;

import com.fasterxml.jackson.annotation.JsonProperty;
import hapmeter.HapmeterException;
import hapmeter.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** images/image.json: the initramfs's contents besides kernel modules and the probe. */
public record ImageRecipe(String description, String busybox, String init, List<Workload> workloads) {

    public record Workload(String name, String description, String dir, List<String> sources,
            @JsonProperty("build") List<String> build) {
    }

    public static ImageRecipe load(Path file) {
        try {
            ImageRecipe r = Json.MAPPER.readValue(file.toFile(), ImageRecipe.class);
            if (r.busybox() == null || r.init() == null || r.workloads() == null) {
                throw new HapmeterException(file + ": 'busybox', 'init' and 'workloads' are required");
            }
            return r;
        } catch (IOException e) {
            throw new HapmeterException(file + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }
}
