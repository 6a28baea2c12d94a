package hapmeter;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the project's data (vm-configs/, images/, probe jar) and the cache live. */
public final class Home {
    private Home() {
    }

    /** The project root: -Dhapmeter.home (set by ./hapmeter), else the nearest ancestor holding vm-configs/. */
    public static Path root() {
        String prop = System.getProperty("hapmeter.home");
        if (prop != null) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("vm-configs")) && Files.isDirectory(p.resolve("images"))) {
                return p;
            }
        }
        throw new HapmeterException("cannot find the hapmeter project root (no vm-configs/ above "
                + Path.of("").toAbsolutePath() + "); run through ./hapmeter");
    }

    public static Path vmConfigs() {
        return root().resolve("vm-configs");
    }

    /** Downloads and built images: $HAPMETER_CACHE, else ~/.cache/hapmeter. */
    public static Path cache() {
        String env = System.getenv("HAPMETER_CACHE");
        return env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "hapmeter");
    }
}
