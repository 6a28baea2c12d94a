package hapmeter.cli;

import hapmeter.Home;
import hapmeter.image.ImageCache;
import hapmeter.image.KernelPackage;
import hapmeter.image.KernelRelease;
import hapmeter.image.OfferedKernels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

@Command(name = "kernels", description = {
        "The kernels apt offers (linux-image-<release>, by line and flavour) and those in the cache (downloaded,",
        "unpacked, and the digests of the images built for them): what `run --kernels` can select."})
final class KernelsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        OfferedKernels offered = OfferedKernels.query();
        System.out.println("offered by apt: " + offered.releases().size() + " releases (linux-image-<release>)");
        offered.byLine().forEach((line, versions) -> System.out.printf("  %-5s %s%n", line, OfferedKernels.range(versions)));
        if (!offered.releases().isEmpty()) {
            System.out.println("  flavours: " + String.join(", ", offered.flavours()));
            List<String> amd64 = offered.of(KernelRelease.DEFAULT_FLAVOUR);
            System.out.println("  latest: " + (amd64.isEmpty() ? "none of flavour amd64" : amd64.get(amd64.size() - 1)));
        } else {
            System.out.println("  " + offered.summary());
        }
        Path cache = Home.cache();
        Map<String, List<Path>> kernels = KernelPackage.cached(cache);
        Map<String, List<ImageCache.Entry>> images = ImageCache.list(cache);
        TreeSet<String> releases = new TreeSet<>(KernelRelease.ORDER);
        releases.addAll(kernels.keySet());
        releases.addAll(images.keySet());
        System.out.println("cached in " + cache + ": " + releases.size() + " kernel(s)");
        for (String r : releases) {
            List<String> what = new ArrayList<>();
            List<Path> files = kernels.getOrDefault(r, List.of());
            if (files.stream().anyMatch(p -> p.toString().endsWith(".deb"))) {
                what.add("deb");
            }
            if (files.stream().anyMatch(p -> !p.toString().endsWith(".deb"))) {
                what.add("unpacked");
            }
            List<ImageCache.Entry> built = images.getOrDefault(r, List.of()).stream().filter(ImageCache.Entry::complete)
                    .toList();
            what.add(built.isEmpty() ? "no image" : "images " + built.stream().map(ImageCache.Entry::digest)
                    .collect(Collectors.joining(", ")) + " (most recently used first)");
            System.out.printf("  %-24s %s%n", r, String.join(", ", what));
        }
        return 0;
    }
}
