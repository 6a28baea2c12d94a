package hapmeter.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hapmeter.HapmeterException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciBundleTest {
    private static final Path IMAGES = Path.of("..", "images").toAbsolutePath().normalize();

    @Test
    void aDirectoryStandsForTheRegularFilesUnderIt(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("m/lib"));
        Files.writeString(dir.resolve("m/index.js"), "");
        Files.writeString(dir.resolve("m/lib/a.js"), "");
        Files.writeString(dir.resolve("one"), "");
        assertEquals(List.of(dir.resolve("m/index.js"), dir.resolve("m/lib/a.js"), dir.resolve("one")),
                ImageBuilder.hostFiles(List.of(dir.resolve("m").toString(), dir.resolve("one").toString())));
        HapmeterException e = org.junit.jupiter.api.Assertions.assertThrows(HapmeterException.class,
                () -> ImageBuilder.hostFiles(List.of(dir.resolve("missing").toString())));
        assertTrue(e.getMessage().contains("does not exist on this machine"), e.getMessage());
    }

    @Test
    void nodeExpressRootfsHoldsNodeExpressTheScriptAndThePage() {
        assumeTrue(Files.isDirectory(Path.of("/usr/share/nodejs/express")), "node-express is not installed");
        Map<String, Path> files = bundle("node-express");
        String root = "opt/hapmeter/bundles/node-express/rootfs";
        for (String f : List.of("/usr/bin/node", "/usr/share/nodejs/express/index.js",
                "/usr/share/nodejs/body-parser/index.js", "/node-express-server.js", "/index.html")) {
            assertTrue(files.containsKey(root + f), f + " missing from " + files.keySet());
        }
        assertTrue(files.keySet().stream().anyMatch(f -> f.matches(".*/libc\\.so\\.6")), "node's libc");
        assertTrue(files.keySet().stream().noneMatch(f -> f.startsWith(root + "/usr/share/nodejs/npm/")),
                "only Express's modules, not all of /usr/share/nodejs");
    }

    @Test
    void tornadoRootfsHoldsPythonItsLibraryTornadoTheScriptAndThePage() {
        assumeTrue(Files.isDirectory(Path.of("/usr/lib/python3/dist-packages/tornado")), "python3-tornado is not installed");
        Map<String, Path> files = bundle("tornado");
        String root = "opt/hapmeter/bundles/tornado/rootfs";
        for (String f : List.of("/usr/bin/python3", "/usr/lib/python3.11/os.py", "/usr/lib/python3.11/encodings/utf_8.py",
                "/usr/lib/python3/dist-packages/tornado/web.py", "/tornado-server.py", "/index.html")) {
            assertTrue(files.containsKey(root + f), f + " missing");
        }
        // The extension modules' libraries come along (ELF files found in a directory).
        assertTrue(files.keySet().stream().anyMatch(f -> f.matches(".*/libssl\\.so.*")), "_ssl's libssl");
    }

    /** The recipe's bundle NAME, its workloads taken from their sources (all are copies, no build). */
    private static Map<String, Path> bundle(String name) {
        ImageRecipe recipe = ImageRecipe.load(IMAGES.resolve("image.json"));
        ImageRecipe.Bundle b = recipe.bundles().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        Map<String, Path> workloads = recipe.workloads().stream().filter(w -> b.workloads().contains(w.name()))
                .collect(Collectors.toMap(ImageRecipe.Workload::name, w -> IMAGES.resolve(w.dir()).resolve(w.sources().get(0))));
        return OciBundle.of(IMAGES, b, workloads).files();
    }
}
