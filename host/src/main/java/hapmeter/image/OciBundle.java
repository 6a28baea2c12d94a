package hapmeter.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hapmeter.HapmeterException;
import hapmeter.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * An OCI bundle of the container scenarios, made at image build time and placed under
 * /opt/hapmeter/bundles/NAME: config.json (the recipe's template, with the bundle's process args
 * and, if it names them, its seccomp profile as linux.seccomp and the network namespace it joins), args
 * (those args, for guest-run, which runs the process in a VM) and
 * rootfs/ holding the bundle's workloads (at /NAME) and host files (at their own paths, with the libraries
 * of the ELF ones).
 */
final class OciBundle {
    private final String name;
    private final byte[] config;
    /** The process args again, one per line: guest-run's shell cannot read config.json. */
    private final byte[] args;
    /** Path inside the image -> source on this machine. */
    private final Map<String, Path> files = new TreeMap<>();

    private OciBundle(String name, byte[] config, byte[] args) {
        this.name = name;
        this.config = config;
        this.args = args;
    }

    static OciBundle of(Path images, ImageRecipe.Bundle b, Map<String, Path> workloads) {
        String where = "images/image.json: bundle '" + b.name() + "'";
        ObjectNode config = object(read(images.resolve(b.config()), where), where + ": " + b.config());
        ArrayNode args = object(config.path("process"), where + ": " + b.config() + " 'process'").putArray("args");
        b.args().forEach(args::add);
        ObjectNode linux = object(config.path("linux"), where + ": " + b.config() + " 'linux'");
        if (b.seccomp() != null) {
            linux.set("seccomp", object(read(images.resolve(b.seccomp()), where), where + ": " + b.seccomp()));
        }
        if (b.networkNamespace() != null) {
            // Joined, not created: the probe's docker-bridge attachment has wired it to the bridge before the start.
            ArrayNode namespaces = linux.withArray("namespaces");
            namespaces.addObject().put("type", "network").put("path", b.networkNamespace());
        }
        OciBundle bundle;
        try {
            bundle = new OciBundle(b.name(), Json.MAPPER.writeValueAsBytes(config), ImageBuilder.lines(b.args()));
        } catch (IOException e) {
            throw new HapmeterException(where + ": " + e.getMessage(), e);
        }
        String rootfs = "opt/hapmeter/bundles/" + b.name() + "/rootfs";
        for (String w : b.workloads()) {
            Path p = workloads.get(w);
            if (p == null) {
                throw new HapmeterException(where + ": workload '" + w + "' is not a workload of the recipe");
            }
            bundle.files.put(rootfs + "/" + w, p);
        }
        for (Path p : ImageBuilder.hostFiles(b.hostFiles())) {
            bundle.files.put(rootfs + p, p);
        }
        for (Path lib : SharedLibraries.of(bundle.files.values().stream().filter(ImageBuilder::isElf).toList(), null)) {
            bundle.files.put(rootfs + lib, lib);
        }
        return bundle;
    }

    private static JsonNode read(Path file, String where) {
        try {
            return Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new HapmeterException(where + ": " + file + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    private static ObjectNode object(JsonNode n, String what) {
        if (!(n instanceof ObjectNode o)) {
            throw new HapmeterException(what + " is not a JSON object");
        }
        return o;
    }

    /** Path inside the image -> source on this machine. */
    Map<String, Path> files() {
        return files;
    }

    /** Lines for the image digest: every byte the bundle adds. */
    void describe(StringBuilder inputs) {
        inputs.append("bundle ").append(name).append(" config ").append(Digests.sha256(config))
                .append(" args ").append(Digests.sha256(args)).append('\n');
        files.forEach((at, src) -> inputs.append("bundle-file ").append(at).append(' ').append(Digests.sha256(src)).append('\n'));
    }

    void write(Cpio cpio) throws IOException {
        cpio.file("opt/hapmeter/bundles/" + name + "/config.json", config, 0644);
        cpio.file("opt/hapmeter/bundles/" + name + "/args", args, 0644);
        for (Map.Entry<String, Path> f : files.entrySet()) {
            cpio.file(f.getKey(), f.getValue().toRealPath(), ImageBuilder.isElf(f.getValue()) ? 0755 : 0644);
        }
    }
}
