package hapmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows of nabla-measurements' matrix in one boot of the real test VM: the docker row on Docker's bridge network,
 * gVisor with its own netstack behind the same bridge, and its two other applications (Debian's node + express,
 * python3 + tornado), as a process and in runc.
 */
class MatrixRowsTest {
    @TempDir
    static Path results;

    private static LiveRun run;

    @BeforeAll
    static void runRows() {
        run = LiveRun.of(results, "m", "runc-bridge,runsc-netstack,node-express,tornado-runc");
    }

    @Test
    void theBridgedContainerSendsThroughItsVethAndNotTheNic() throws IOException {
        List<String> functions = measuredFunctions("runc-bridge");
        assertTrue(functions.contains("veth_xmit"), "the reply did not leave through the veth");
        // Behind the bridge the NIC's transmit is deferred work, cut with the interrupts.
        assertFalse(functions.contains("start_xmit"), "virtio-net's transmit in the container's context");
    }

    /** The sentry terminates TCP itself: the kernel sees its frames on an AF_PACKET socket, and no TCP of its own. */
    @Test
    void gvisorsNetstackSendsFramesAndNoKernelTcp() throws IOException {
        List<String> functions = measuredFunctions("runsc-netstack");
        assertTrue(functions.contains("packet_sendmsg"), "the sentry did not send on its AF_PACKET socket");
        assertTrue(functions.contains("veth_xmit"), "the frames did not leave through the veth");
        assertEquals(List.of(), functions.stream().filter(f -> f.startsWith("tcp_")).toList(),
                "kernel TCP in gVisor's netstack row");
    }

    @Test
    void nodeExpressServesThePageAsNode() throws IOException {
        JsonNode s = run.measured("node-express");
        assertEquals("node", s.get("tasks").get(0).get("comm").asText());
    }

    @Test
    void tornadoServesThePageInItsContainer() throws IOException {
        JsonNode s = run.measured("tornado-runc");
        assertTrue(s.get("tasks").toString().contains("python3"), s.get("tasks").toString());
    }

    /** SCENARIO's counted functions, once its cell is checked. */
    private static List<String> measuredFunctions(String scenario) throws IOException {
        run.measured(scenario);
        return run.functions(scenario);
    }
}
