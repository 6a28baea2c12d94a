package hapmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hapmeter.Exec;
import hapmeter.Home;
import hapmeter.Json;
import hapmeter.image.KernelPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's own kernel, given as a directory with a bzImage and lib/modules/RELEASE/ (no modules.dep). */
class UserKernelTest {
    @TempDir
    Path tmp;

    @Test
    void bzImagePlusModulesDirectoryIsMeasured() throws IOException {
        // Debian's kernel laid out as a user would have built it; hard links keep the copy cheap.
        KernelPackage debian = KernelPackage.fetch("6.1.0-56-amd64", Home.cache());
        Path user = tmp.resolve("my-kernel");
        Files.createDirectories(user.resolve("lib/modules"));
        Exec.check(null, List.of("cp", "-al", debian.modulesDir().toString(), user.resolve("lib/modules").toString()));
        Path release = user.resolve("lib/modules/" + debian.version());
        for (String generated : List.of("modules.dep", "modules.dep.bin", "modules.alias", "modules.alias.bin",
                "modules.symbols", "modules.symbols.bin", "modules.softdep", "modules.devname",
                "modules.builtin.bin", "modules.builtin.alias.bin")) {
            Files.deleteIfExists(release.resolve(generated));
        }
        Files.copy(debian.vmlinuz(), user.resolve("bzImage"));

        CliHarness.Outcome o = CliHarness.run("run", "--kernel", user.toString(), "--scenarios", "socket", "--accel", "tcg",
                "--results", tmp.resolve("results").toString(), "--run-id", "u");
        assertEquals(0, o.exit(), o.err());
        assertTrue(o.err().contains("source: no index for " + debian.version() + ": a kernel directory of your own"),
                o.err());
        JsonNode s = Json.MAPPER.readTree(tmp.resolve("results/u/socket/summary.json").toFile());
        assertEquals(debian.version(), s.get("kernel").asText());
        assertEquals(1354, s.get("bytes_received").asInt());
    }
}
