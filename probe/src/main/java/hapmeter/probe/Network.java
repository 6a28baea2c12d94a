package hapmeter.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The test VM's network attachments, set up before a scenario is armed and undone after it, so
 * every scenario starts from the plain NIC. Each step is a busybox command; a failing step is
 * an error that names it.
 */
final class Network {
    /** Undo steps of the current attachment, run in reverse order. */
    private final List<List<String>> undo = new ArrayList<>();
    /** A busybox step takes milliseconds; one that hangs must not hang the probe. */
    private static final Duration STEP_LIMIT = Duration.ofSeconds(30);
    private final Exec exec;

    Network(Exec exec) {
        this.exec = exec;
    }

    /**
     * "none": the workload uses the VM's own address. "tap": bridge BRIDGE holds the NIC and a
     * new tap device TAP, and the VM's address moves from the NIC to the bridge; the workload
     * opens the tap (a userspace stack, or QEMU) with its own address on the same segment.
     */
    void attach(String kind, String nic, String bridge, String tap) throws IOException {
        if (!undo.isEmpty()) {
            throw new IOException("network: an attachment is already set up");
        }
        try {
            setUp(kind, nic, bridge, tap);
        } catch (IOException e) {
            // Leave the plain NIC behind, so that later scenarios still work.
            try {
                detach();
            } catch (IOException undoFailure) {
                e.addSuppressed(undoFailure);
            }
            throw e;
        }
    }

    private void setUp(String kind, String nic, String bridge, String tap) throws IOException {
        switch (kind) {
            case "none" -> { }
            case "tap" -> {
                String addr = field(run("read the address of " + nic, "ip", "-4", "-o", "addr", "show", "dev", nic), "inet");
                String gw = field(run("read the default route", "ip", "-4", "route", "show", "default"), "via");
                // Undo steps run last-registered first: tap, port, bridge, then address and route back.
                run("move " + addr + " off " + nic, "ip", "addr", "del", addr, "dev", nic);
                undo("ip", "route", "replace", "default", "via", gw, "dev", nic);
                undo("ip", "addr", "add", addr, "dev", nic);
                run("create bridge " + bridge, "ip", "link", "add", bridge, "type", "bridge");
                undo("ip", "link", "del", bridge);
                // A bridge takes the lowest port MAC; pinning the NIC's keeps the VM's address
                // behind the MAC that QEMU's user network has already learnt.
                String mac = Files.readString(Path.of("/sys/class/net", nic, "address")).trim();
                run("give " + bridge + " the MAC of " + nic, "ip", "link", "set", bridge, "address", mac);
                run("add " + nic + " to " + bridge, "ip", "link", "set", nic, "master", bridge);
                run("bring up " + bridge, "ip", "link", "set", bridge, "up");
                run("put " + addr + " on " + bridge, "ip", "addr", "add", addr, "dev", bridge);
                run("route via " + bridge, "ip", "route", "replace", "default", "via", gw, "dev", bridge);
                run("create tap " + tap + " (needs the tun module)", "tunctl", "-t", tap);
                undo("tunctl", "-d", tap);
                run("add " + tap + " to " + bridge, "ip", "link", "set", tap, "master", bridge);
                run("bring up " + tap, "ip", "link", "set", tap, "up");
            }
            default -> throw new IOException("network: unknown attachment '" + kind + "'");
        }
    }

    /** Undoes the attachment; every undo step runs even if an earlier one fails. */
    void detach() throws IOException {
        IOException first = null;
        for (int i = undo.size() - 1; i >= 0; i--) {
            try {
                run("undo", undo.get(i).toArray(String[]::new));
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        undo.clear();
        if (first != null) {
            throw first;
        }
    }

    private void undo(String... argv) {
        undo.add(List.of(argv));
    }

    private String run(String what, String... argv) throws IOException {
        return exec.run("network: " + what, STEP_LIMIT, List.of(argv));
    }

    /** The word after KEY in OUT ("inet 10.0.2.15/24" -> "10.0.2.15/24"). */
    private static String field(String out, String key) throws IOException {
        String[] w = out.split("\\s+");
        for (int i = 0; i + 1 < w.length; i++) {
            if (w[i].equals(key)) {
                return w[i + 1];
            }
        }
        throw new IOException("network: no '" + key + "' in: " + out);
    }
}
