package hapmeter.campaign;

import hapmeter.HapmeterException;
import hapmeter.console.ProbeConnection;
import hapmeter.image.Image;
import hapmeter.lab.LabOptions;
import hapmeter.lab.SerialMachine;
import hapmeter.protocol.message.Hello;
import hapmeter.protocol.message.Pull;
import hapmeter.protocol.message.Shutdown;
import hapmeter.results.CampaignState;
import hapmeter.results.RunLayout;
import hapmeter.vm.Accel;
import hapmeter.vm.Launcher;
import hapmeter.vm.MachineSpec;
import hapmeter.vm.TestMachine;
import hapmeter.vm.TestVm;
import hapmeter.vm.VmFailure;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Where a campaign's cells run: test VMs booted by a {@link Launcher} (here or on a lab host),
 * with the accelerator fallback, host ports and staged images; or a bare-metal machine on a
 * serial line, attached instead of booted. Gives out machines whose probe answers.
 */
final class Testbed {
    private final RunOptions opt;
    private final MachineSpec machine;
    private final Launcher launcher; // null: bare metal
    private final String qemu;
    private final Map<String, Integer> hostPorts;
    private final Map<String, List<String>> staged = new LinkedHashMap<>();
    private final Consumer<String> progress;
    private double stageS;

    /** The test machine with its probe answering. */
    record Booted(TestMachine machine, ProbeConnection probe, String accelNote, String kernel, double bootS)
            implements AutoCloseable {
        @Override
        public void close() {
            probe.close();
            machine.close();
        }
    }

    /** LAUNCHER null: a bare-metal machine (opt.lab()). Stages every image's boot files where QEMU runs. */
    Testbed(RunOptions opt, MachineSpec machine, Launcher launcher, List<Image> images, Consumer<String> progress) {
        this.opt = opt;
        this.machine = machine;
        this.launcher = launcher;
        this.progress = progress;
        this.qemu = launcher == null ? null : launcher.qemu(opt.qemu());
        this.hostPorts = launcher == null ? Map.of() : hostPorts(launcher, machine, opt.hostPort());
        if (launcher != null) {
            for (Image image : images) {
                long t = System.nanoTime();
                staged.put(image.kernelVersion(), launcher.stage(image.digest(), List.of(image.kernel(), image.initramfs())));
                stageS += Timing.seconds(System.nanoTime() - t);
            }
        }
    }

    /** Where the client reaches each of the machine's forwards. */
    Map<String, InetSocketAddress> endpoints() {
        Map<String, InetSocketAddress> endpoints = new LinkedHashMap<>();
        if (launcher == null) {
            endpoints.putAll(opt.lab().endpoints(machine.forwards()));
        } else {
            hostPorts.forEach((name, port) -> endpoints.put(name, launcher.reach(port)));
        }
        return endpoints;
    }

    String qemuVersion() {
        return launcher == null ? null : launcher.qemuVersion(qemu);
    }

    /** campaign.json's "lab": where the test machine was, and how long getting the images there took. */
    Map<String, Object> record() {
        Map<String, Object> lab = new LinkedHashMap<>();
        if (launcher == null) {
            lab.put("where", "bare-metal machine on " + opt.lab().serial() + " at " + opt.lab().baud() + " baud");
        } else {
            lab.put("where", launcher.where());
            lab.put("stage_s", stageS);
        }
        return lab;
    }

    /** Boots (or attaches) the test machine for one group of cells and records the boot in STATE. */
    Booted boot(Image image, Path vmDir, CampaignState state) {
        Booted b = launcher == null ? attach(image) : bootVm(image, vmDir);
        @SuppressWarnings("unchecked")
        List<Object> boots = state.get("boots") instanceof List<?> l ? (List<Object>) l : new ArrayList<>();
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("kernel", b.kernel);
        record.put("accel", b.machine.accel());
        record.put("accel_note", b.accelNote);
        record.put("boot_s", b.bootS);
        boots.add(record);
        state.put("boots", boots);
        // The first boot's accelerator is the campaign's, for readers that want one value.
        if (state.get("accel") == null) {
            state.put("accel", b.machine.accel());
            state.put("accel_note", b.accelNote);
            state.put("kernel", b.kernel);
            state.put("boot_s", b.bootS);
        }
        state.write();
        return b;
    }

    /** Ends a group: the kernel's symbols once, then a clean power-off of a VM (a bare-metal machine stays up). */
    void finish(Booted b, Image image, CampaignState state, RunLayout layout) {
        recordKallsyms(b, image, state, layout);
        if (launcher != null) {
            try {
                b.probe.client().call(new Shutdown.Request());
            } catch (HapmeterException e) {
                // QEMU is killed by close() instead
            }
        }
    }

    /**
     * Text symbols with addresses, for code sizes in the report: pulled once per kernel, after
     * its cells, so that the modules the scenarios loaded are in it; never inside a window.
     */
    private void recordKallsyms(Booted b, Image image, CampaignState state, RunLayout layout) {
        boolean single = opt.kernels().size() == 1;
        Path kallsyms = layout.dir().resolve(single ? "kallsyms.txt.gz" : image.kernelVersion() + "/kallsyms.txt.gz");
        if (Files.exists(kallsyms) || !pullKallsyms(b.probe, kallsyms)) {
            return;
        }
        String relative = layout.dir().relativize(kallsyms).toString();
        if (single) {
            state.put("kallsyms", relative);
        }
        Map<String, Object> k = state.kernel(image.kernelVersion());
        k.put("image_digest", image.digest());
        k.put("kallsyms", relative);
        state.write();
    }

    private boolean pullKallsyms(ProbeConnection probe, Path dest) {
        Path tmp = dest.resolveSibling(".kallsyms.tmp");
        try {
            Files.createDirectories(dest.getParent());
            probe.pull(Pull.Source.KALLSYMS, tmp);
            RunLayout.gzip(tmp, dest);
            Files.delete(tmp);
            return true;
        } catch (IOException | HapmeterException e) {
            progress.accept("kallsyms: not pulled (" + e.getMessage() + "); code sizes will be missing");
            return false;
        }
    }

    private Booted bootVm(Image image, Path vmDir) {
        String note;
        if (opt.accel() == Accel.TCG) {
            note = "tcg requested";
        } else if (!launcher.kvmAccessible()) {
            if (opt.accel() == Accel.KVM) {
                throw new HapmeterException("--accel kvm: /dev/kvm is missing or not accessible on " + launcher.where());
            }
            note = "auto: no usable /dev/kvm, using tcg";
        } else {
            // /dev/kvm existing proves nothing (a paravirtual KVM may crawl and fail): really boot.
            Duration limit = opt.accel() == Accel.KVM ? Duration.ofSeconds(machine.bootTimeoutS())
                    : Duration.ofSeconds(machine.kvmProbeTimeoutS());
            progress.accept("boot: trying kvm (limit " + limit.toSeconds() + " s)");
            try {
                return bootWith(Accel.KVM, image, vmDir, limit, "kvm: the test VM booted");
            } catch (VmFailure e) {
                if (opt.accel() == Accel.KVM) {
                    throw e;
                }
                note = "auto: kvm did not boot the test VM (" + e.getMessage() + "), using tcg";
            }
        }
        progress.accept("boot: tcg");
        return bootWith(Accel.TCG, image, vmDir, Duration.ofSeconds(machine.bootTimeoutS()), note);
    }

    private Booted bootWith(Accel accel, Image image, Path vmDir, Duration limit, String note) {
        long start = System.nanoTime();
        List<String> files = staged.get(image.kernelVersion());
        TestVm vm = TestVm.launch(launcher, machine, qemu, files.get(0), files.get(1), accel, vmDir, hostPorts);
        return connect(vm, start, limit, note);
    }

    /**
     * A bare-metal machine is not booted: its probe must already answer on the serial line, from
     * a boot of this very image's kernel.
     */
    private Booted attach(Image image) {
        LabOptions lab = opt.lab();
        progress.accept("boot: bare-metal machine on " + lab.serial() + " at " + lab.baud() + " baud");
        Booted b = connect(new SerialMachine(lab.serial(), lab.baud()), System.nanoTime(),
                Duration.ofSeconds(machine.bootTimeoutS()), "bare metal on " + lab.serial());
        if (!b.kernel.equals(image.kernelVersion())) {
            b.close();
            throw new HapmeterException("the machine on " + lab.serial() + " runs kernel " + b.kernel + ", not "
                    + image.kernelVersion() + ": boot it from the files of `hapmeter image build --boot DIR`");
        }
        return b;
    }

    /** Opens the probe connection on M and waits up to LIMIT for its HELLO; the kernel must be able to trace. */
    private Booted connect(TestMachine m, long start, Duration limit, String note) {
        ProbeConnection probe = null;
        try {
            probe = ProbeConnection.open(m, progress);
            m.await(probe.ready(), limit);
            Hello.Reply hello = probe.hello();
            double bootS = Timing.seconds(System.nanoTime() - start);
            if (!hello.tracefs()) {
                throw m.failure("the test machine has no tracefs at /sys/kernel/tracing", null);
            }
            if (!hello.tracers().contains("function_graph")) {
                throw m.failure("kernel " + hello.kernel() + " offers no function_graph tracer (has: "
                        + String.join(",", hello.tracers()) + ")", null);
            }
            progress.accept(String.format("boot: probe ready after %.1f s (%s, kernel %s)", bootS, m.accel(),
                    hello.kernel()));
            return new Booted(m, probe, note, hello.kernel(), bootS);
        } catch (RuntimeException e) {
            if (probe != null) {
                probe.close();
            }
            VmFailure f = e instanceof VmFailure vf ? vf : m.failure("cannot reach the probe: " + e.getMessage(), e);
            m.kill();
            throw f;
        }
    }

    /** A port there per forward of the machine: PORT (if not 0) for "vm", free ports for the others. */
    private static Map<String, Integer> hostPorts(Launcher launcher, MachineSpec machine, int port) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String name : machine.forwards().keySet()) {
            ports.put(name, launcher.freePort(name.equals("vm") ? port : 0));
        }
        if (new TreeSet<>(ports.values()).size() != ports.size()) {
            throw new HapmeterException("host ports collide: " + ports);
        }
        return ports;
    }
}
