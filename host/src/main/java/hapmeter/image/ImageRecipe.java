package hapmeter.image;

import com.fasterxml.jackson.annotation.JsonProperty;
import hapmeter.HapmeterException;
import hapmeter.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * images/image.json: the initramfs's contents besides kernel modules and the probe. HOST_FILES
 * are copied from this machine to the same paths (symlinks followed); the libraries of the ELF
 * ones come along.
 */
public record ImageRecipe(String description, String busybox, String init, List<Workload> workloads,
        List<String> hostFiles) {

    public record Workload(String name, String description, String dir, List<String> sources,
            @JsonProperty("build") List<String> build) {
    }

    public static ImageRecipe load(Path file) {
        try {
            ImageRecipe r = Json.MAPPER.readValue(file.toFile(), ImageRecipe.class);
            if (r.busybox() == null || r.init() == null || r.workloads() == null || r.hostFiles() == null) {
                throw new HapmeterException(file + ": 'busybox', 'init', 'workloads' and 'host_files' are required");
            }
            return r;
        } catch (IOException e) {
            throw new HapmeterException(file + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }
}
