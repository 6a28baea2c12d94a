package hapmeter.trace;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hapmeter.analysis.ClassRules;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The socket and tap traces that hapmeter recorded (see fixtures/README.md), through the whole analysis. */
class RecordedScenariosTest {
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    private static final Path RULES = Path.of("../vm-configs/rules");

    private static TraceResult analyze(String file, Set<Integer> pids) throws IOException {
        return new TraceAnalyzer(InterruptRules.load(RULES.resolve("interrupts.json"))).analyze(FIXTURES.resolve(file), pids);
    }

    @Test
    void socketServerSentThroughKernelTcpAndTapServerThroughTheTapDevice() throws IOException {
        TraceResult socket = analyze("socket-6.1.0-56-tcg.trace.gz", Set.of(114));
        TraceResult tap = analyze("tap-6.1.0-56-tcg.trace.gz", Set.of(132, 133, 134));
        assertTrue(socket.functions().contains("tcp_sendmsg"));
        assertFalse(socket.functions().stream().anyMatch(f -> f.startsWith("tun_")));
        assertTrue(tap.functions().contains("tun_chr_write_iter"));
        assertTrue(tap.functions().contains("tun_chr_read_iter"));
        assertFalse(tap.functions().contains("tcp_sendmsg"));
        // The bridge forwards the reply from the tap to the NIC.
        assertTrue(tap.functionsRaw().stream().anyMatch(f -> f.startsWith("br_")));
    }

    @Test
    void movingTheStackToUserspaceShrinksTheNetworkClassAsInThePaper() throws IOException {
        ClassRules rules = ClassRules.load(RULES.resolve("paper.json"));
        int socketNet = rules.countByClass(analyze("socket-6.1.0-56-tcg.trace.gz", Set.of(114)).functions()).get("network");
        int tapNet = rules.countByClass(analyze("tap-6.1.0-56-tcg.trace.gz", Set.of(132, 133, 134)).functions()).get("network");
        assertTrue(tapNet < socketNet, "tap " + tapNet + " vs socket " + socketNet);
    }

    @Test
    void otherTasksLinesAreNotCounted() throws IOException {
        TraceResult all = analyze("socket-6.1.0-56-tcg.trace.gz", null);
        TraceResult server = analyze("socket-6.1.0-56-tcg.trace.gz", Set.of(114));
        // The task switched out before the server (here pid 113) leaves a few lines around the switch.
        assertTrue(all.pidsSeen().contains(114) && all.pidsSeen().size() > 1, all.pidsSeen().toString());
        assertTrue(server.calls() < all.calls(), server.calls() + " vs " + all.calls());
    }
}
