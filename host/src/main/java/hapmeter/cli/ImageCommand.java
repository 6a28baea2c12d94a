package hapmeter.cli;

import hapmeter.Home;
import hapmeter.image.Image;
import hapmeter.image.ImageBuilder;
import hapmeter.vm.MachineSpec;
import hapmeter.scenario.Scenario;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "image", description = "Test-VM images.", subcommands = ImageCommand.Build.class)
final class ImageCommand {
    @Command(name = "build", description = "Build (or find cached) the kernel + initramfs for a kernel.")
    static final class Build implements Callable<Integer> {
        @Option(names = "--kernel", defaultValue = "6.1.0-56-amd64",
                description = "Debian kernel release or a path to a linux-image .deb.")
        String kernel;

        @Option(names = "--machine", description = "Machine definition whose modules go in.")
        Path machine;

        @Override
        public Integer call() {
            MachineSpec m = MachineSpec.load(machine != null ? machine : Home.vmConfigs().resolve("machines/default.json"));
            Image img = new ImageBuilder(Home.root(), Home.cache(), new Progress(System.err))
                    .build(kernel, m.bootModules(), Scenario.allModules(Home.vmConfigs().resolve("scenarios")),
                            Scenario.allFiles(Home.vmConfigs().resolve("scenarios")));
            System.out.printf("%s image %s for %s: %.1f MB (kernel %.1f MB, initramfs %.1f MB), %d modules%n",
                    img.cached() ? "cached" : "built", img.digest().substring(0, 16), img.kernelVersion(),
                    img.sizeBytes() / 1e6, img.kernel().toFile().length() / 1e6, img.initramfs().toFile().length() / 1e6,
                    img.modules().size());
            System.out.println("kernel:    " + img.kernel());
            System.out.println("initramfs: " + img.initramfs());
            return 0;
        }
    }
}
