package hapmeter.probe;

import hapmeter.protocol.message.Start;
import hapmeter.protocol.message.Stop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The running workloads by name, with what each needs set up first (modules, network) and undone after. */
final class Workloads {
    private final Guest guest;
    private final Map<String, RunningWorkload> running = new LinkedHashMap<>();
    private final Network network;
    private final Modules modules;

    Workloads(Guest guest) {
        this.guest = guest;
        this.network = new Network(guest.exec());
        this.modules = new Modules(guest.exec());
    }

    /** Launches R's workload and waits until it is ready; on failure nothing of it is left behind. */
    RunningWorkload start(Start.Request r) throws Exception {
        if (running.containsKey(r.name())) {
            throw new IllegalStateException(r.name() + " is already running");
        }
        // Modules and network first: none of it may happen inside the armed window.
        modules.load(r.modules());
        modules.loadForCpu(r.cpuModules());
        for (String dev : r.requires()) {
            if (!Files.exists(Path.of(dev))) {
                throw new Unavailable(dev + " does not exist in the test VM");
            }
        }
        network.attach(r.network(), "eth0", "br0", "tap0", r.port());
        try {
            RunningWorkload w = RunningWorkload.launch(r.name(), r.argv(), r.stateCommand(), guest.workDir(), guest.exec());
            running.put(r.name(), w);
            w.awaitReady(r.readyKind(), r.port(), r.readyMarker(), r.timeoutMs());
            return w;
        } catch (Exception e) {
            discard(r.name(), e);
            throw e;
        }
    }

    RunningWorkload get(String name) {
        RunningWorkload w = running.get(name);
        if (w == null) {
            throw new IllegalArgumentException("no running workload " + name);
        }
        return w;
    }

    /** Stops NAME and undoes its network; says whether it had died by itself before, with what it said. */
    Stop.Reply stop(String name) throws IOException, InterruptedException {
        RunningWorkload w = get(name);
        running.remove(name);
        boolean exited = !w.alive();
        int status = w.stop();
        network.detach();
        return new Stop.Reply(status, exited, exited ? w.logTail() : null);
    }

    /** Stops NAME after a failed start (or tracer setup), adding any failure of that to CAUSE. */
    void discard(String name, Exception cause) {
        try {
            RunningWorkload w = running.remove(name);
            if (w != null) {
                w.stop();
            }
            network.detach();
        } catch (IOException | InterruptedException e) {
            cause.addSuppressed(e);
        }
    }

    void stopAll() throws InterruptedException {
        for (RunningWorkload w : running.values()) {
            w.stop();
        }
        running.clear();
    }

    List<String> names() {
        return new ArrayList<>(running.keySet());
    }
}
