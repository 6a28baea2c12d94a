package hapmeter.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hapmeter.Home;
import hapmeter.Json;
import hapmeter.cli.CliHarness;
import hapmeter.console.LinePull;
import hapmeter.console.ProbeConnection;
import hapmeter.image.Digests;
import hapmeter.image.Image;
import hapmeter.protocol.Frames;
import hapmeter.protocol.Message;
import hapmeter.protocol.message.Pull;
import hapmeter.protocol.transfer.Encoding;
import hapmeter.image.ImageBuilder;
import hapmeter.scenario.Scenario;
import hapmeter.vm.Accel;
import hapmeter.vm.Duplex;
import hapmeter.vm.MachineSpec;
import hapmeter.vm.TestVm;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Serial-line mode over a pty standing in for the cable: the test VM, booted here without its
 * bulk port (machine serial-only), plays the bare-metal machine; `run --serial` drives its probe
 * over QEMU's control pty (a real serial line to jSerialComm), traces included. Then the
 * resumable pull: one byte of one chunk is flipped on the way in, that chunk fails its frame
 * checksum and is asked for again, and the file still matches the probe's sha256.
 */
class SerialLineTest {
    @TempDir
    Path dir;

    @Test
    void campaignAndResumablePullOverTheControlLine() throws Exception {
        Path machineFile = Path.of(SerialLineTest.class.getResource("/lab/machines/serial-only.json").toURI());
        MachineSpec spec = MachineSpec.load(machineFile);
        Image image = new ImageBuilder(Home.root(), Home.cache(), s -> { })
                .build("6.1.0-56-amd64", spec.bootModules(), Scenario.allModules(Home.vmConfigs().resolve("scenarios")),
                        Scenario.allFiles(Home.vmConfigs().resolve("scenarios")),
                            Scenario.allBundles(Home.vmConfigs().resolve("scenarios")));
        LocalLauncher here = new LocalLauncher();
        Map<String, Integer> ports = new LinkedHashMap<>();
        spec.forwards().keySet().forEach(name -> ports.put(name, here.freePort(0)));
        try (TestVm vm = TestVm.launch(here, spec, here.qemu(hapmeter.vm.Launcher.DEFAULT_QEMU),
                image.kernel().toString(), image.initramfs().toString(), Accel.TCG, dir.resolve("vm"), ports)) {
            Path results = dir.resolve("results");
            CliHarness.Outcome o = CliHarness.run("run", "--no-source", "--serial", vm.controlPty(), "--baud", "115200",
                    "--machine", machineFile.toString(), "--scenarios", "socket", "--endpoint",
                    "vm=127.0.0.1:" + ports.get("vm"), "--results", results.toString(), "--run-id", "serial");
            assertEquals(0, o.exit(), o.err());
            assertTrue(o.err().contains("over the control line"), o.err());
            JsonNode s = Json.MAPPER.readTree(results.resolve("serial/socket/summary.json").toFile());
            assertEquals(1354, s.get("bytes_received").asLong());
            assertEquals(0, s.get("overrun").asLong());
            assertEquals("none", s.get("accel").asText());
            assertTrue(s.get("functions_total").asInt() > 100, s.toString());
            Path plain = dir.resolve("trace.txt");
            try (InputStream in = new GZIPInputStream(Files.newInputStream(results.resolve("serial/socket/trace.txt.gz")))) {
                Files.copy(in, plain);
            }
            assertEquals(s.get("trace_sha256").asText(), Digests.sha256(plain));
            assertTrue(vm.isAlive(), "a bare-metal machine is not powered off by a run");

            // The probe is still up: pull the last trace again, with one byte of the first chunk flipped.
            FlipOnce flip = new FlipOnce();
            try (ProbeConnection probe = ProbeConnection.open(new Cable(vm.controlPty(), flip), System.out::println)) {
                vm.await(probe.ready(), Duration.ofSeconds(30));
                LinePull.Stats clean = probe.linePull().pull(Pull.Source.TRACE, dir.resolve("clean.txt"), Encoding.GZIP);
                assertEquals(0, clean.resent());
                // Past PULL's own reply (a damaged one is simply asked again), into the first chunk's bytes: the last
                // window, idle after the request, may hold a small trace.
                int pullReply = Frames.encode(new Message(Message.Kind.OK, 99, "PULL", new Pull.Reply(99, clean.size(),
                        clean.sha256(), clean.encodedSize()).fields())).length;
                flip.armAfter(pullReply + Math.min(3000, clean.encodedSize() / 2));
                LinePull.Stats damaged = probe.linePull().pull(Pull.Source.TRACE, dir.resolve("damaged.txt"), Encoding.GZIP);
                assertTrue(flip.flipped, "nothing was corrupted");
                assertEquals(1, damaged.resent(), "the damaged chunk was not asked for again");
                assertEquals(clean.sha256(), damaged.sha256());
                assertEquals(clean.sha256(), Digests.sha256(dir.resolve("damaged.txt")));
                LinePull.Stats identity = probe.linePull().pull(Pull.Source.TRACE, dir.resolve("identity.txt"),
                        Encoding.IDENTITY);
                assertEquals(clean.sha256(), identity.sha256());
                System.out.printf("serial pull of a %.0f KB trace: gzip %.0f KB on the line in %.2f s (%.3f MB/s of trace),"
                        + " identity in %.2f s (%.3f MB/s)%n", clean.size() / 1e3, clean.encodedSize() / 1e3,
                        clean.seconds(), clean.size() / 1e6 / clean.seconds(), identity.seconds(),
                        identity.size() / 1e6 / identity.seconds());
            }
        }
    }

    /** The cable to the stand-in machine, with a byte flipper in the host's receive direction. */
    private static final class Cable extends SerialMachine {
        private final FlipOnce flip;

        Cable(String pty, FlipOnce flip) {
            super(pty, 115200);
            this.flip = flip;
        }

        @Override
        public Duplex openControl() {
            Duplex line = super.openControl();
            flip.from(line.in());
            return Duplex.of(flip, line.out(), line::close);
        }
    }

    /** Flips the lowest bit of one byte, once, a given number of bytes after being armed. */
    private static final class FlipOnce extends FilterInputStream {
        private long count;
        private volatile long at = -1;
        volatile boolean flipped;

        FlipOnce() {
            super(null);
        }

        void from(InputStream source) {
            in = source;
        }

        void armAfter(long bytes) {
            at = count + bytes;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0 && at >= count && at < count + n && !flipped) {
                b[off + (int) (at - count)] ^= 1;
                flipped = true;
            }
            count += Math.max(n, 0);
            return n;
        }
    }
}
