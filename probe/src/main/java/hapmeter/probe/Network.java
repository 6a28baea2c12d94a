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

    /** Docker's default bridge network, as `docker run -p PORT:PORT` leaves it. */
    static final String DOCKER_BRIDGE = "docker0";
    static final String DOCKER_GATEWAY = "172.17.0.1/16";
    static final String CONTAINER_ADDRESS = "172.17.0.2";
    /** The namespace the httpd-bridge bundle joins (images/image.json); iproute2 keeps it at /run/netns/NAME. */
    static final String CONTAINER_NETNS = "hapmeter";
    /** iproute2's ip: busybox's has no netns command and names no veth peer. */
    private static final String IPROUTE2 = "/usr/bin/ip";
    private static final String NFT = "/usr/sbin/nft";

    /**
     * "none": the workload uses the VM's own address. "tap": bridge BRIDGE holds the NIC and a
     * new tap device TAP, and the VM's address moves from the NIC to the bridge; the workload
     * opens the tap (a userspace stack, or QEMU) with its own address on the same segment.
     * "docker-bridge": what Docker's default network does for a container publishing PORT: a
     * network namespace for it, a veth pair into it from bridge docker0, and a DNAT rule for PORT
     * on every other interface (nftables, as iptables-nft leaves Docker's rules).
     */
    void attach(String kind, String nic, String bridge, String tap, int port) throws IOException {
        if (!undo.isEmpty()) {
            throw new IOException("network: an attachment is already set up");
        }
        try {
            setUp(kind, nic, bridge, tap, port);
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

    private void setUp(String kind, String nic, String bridge, String tap, int port) throws IOException {
        switch (kind) {
            case "none" -> { }
            case "docker-bridge" -> dockerBridge(port);
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

    private void dockerBridge(int port) throws IOException {
        String ns = CONTAINER_NETNS;
        run("create bridge " + DOCKER_BRIDGE, IPROUTE2, "link", "add", DOCKER_BRIDGE, "type", "bridge");
        undo(IPROUTE2, "link", "del", DOCKER_BRIDGE);
        run("address " + DOCKER_BRIDGE, IPROUTE2, "addr", "add", DOCKER_GATEWAY, "dev", DOCKER_BRIDGE);
        run("bring up " + DOCKER_BRIDGE, IPROUTE2, "link", "set", DOCKER_BRIDGE, "up");
        Files.createDirectories(Path.of("/run")); // the initramfs has none; ip netns keeps its namespaces there
        run("create network namespace " + ns, IPROUTE2, "netns", "add", ns);
        undo(IPROUTE2, "netns", "del", ns);
        // A new namespace starts from the kernel's defaults, not /init's: IPv6 off before its interfaces exist.
        run("turn IPv6 off in " + ns, IPROUTE2, "netns", "exec", ns, "/bin/busybox", "sh", "-c",
                "echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6 && echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6");
        run("create the veth pair", IPROUTE2, "link", "add", "veth-hapmeter", "type", "veth", "peer", "name", "ceth0");
        run("move ceth0 into " + ns, IPROUTE2, "link", "set", "ceth0", "netns", ns);
        run("name it eth0", IPROUTE2, "-n", ns, "link", "set", "ceth0", "name", "eth0");
        run("address the container", IPROUTE2, "-n", ns, "addr", "add", CONTAINER_ADDRESS + "/16", "dev", "eth0");
        run("bring up its eth0", IPROUTE2, "-n", ns, "link", "set", "eth0", "up");
        run("bring up its lo", IPROUTE2, "-n", ns, "link", "set", "lo", "up");
        run("route the container via " + DOCKER_BRIDGE, IPROUTE2, "-n", ns, "route", "add", "default", "via",
                DOCKER_GATEWAY.split("/")[0]);
        run("add veth-hapmeter to " + DOCKER_BRIDGE, IPROUTE2, "link", "set", "veth-hapmeter", "master", DOCKER_BRIDGE);
        run("bring up veth-hapmeter", IPROUTE2, "link", "set", "veth-hapmeter", "up");
        String forwarding = Files.readString(IP_FORWARD).trim();
        run("forward between interfaces", "sysctl", "-w", "net.ipv4.ip_forward=1");
        undo("sysctl", "-w", "net.ipv4.ip_forward=" + forwarding);
        Path rules = Files.writeString(Files.createTempFile("hapmeter-docker", ".nft"), nftRules(port));
        try {
            run("publish port " + port + " by NAT", NFT, "-f", rules.toString());
        } finally {
            Files.delete(rules);
        }
        undo(NFT, "delete", "table", "ip", "hapmeter-docker");
    }

    private static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");

    /** Docker's DOCKER chain (DNAT of the published port from every interface but the bridge) and its masquerade. */
    static String nftRules(int port) {
        return "table ip hapmeter-docker {\n"
                + "  chain prerouting { type nat hook prerouting priority dstnat; iifname != \"" + DOCKER_BRIDGE
                + "\" tcp dport " + port + " dnat to " + CONTAINER_ADDRESS + ":" + port + "; }\n"
                + "  chain postrouting { type nat hook postrouting priority srcnat; ip saddr 172.17.0.0/16 oifname != \""
                + DOCKER_BRIDGE + "\" masquerade; }\n"
                + "}\n";
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
