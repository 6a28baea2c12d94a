package hapmeter.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hapmeter.HapmeterException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Strict host-key checking: a wrong or unknown key is refused with its fingerprint; a new one is recorded on request. */
class HostKeyTest {
    @TempDir
    static Path dir;
    static TestLabHost lab;
    private static final Consumer<String> QUIET = s -> { };

    @BeforeAll
    static void startLab() throws Exception {
        lab = TestLabHost.start(dir);
    }

    @AfterAll
    static void stopLab() throws Exception {
        lab.close();
    }

    private SshLauncher connect(Path knownHosts, boolean acceptNew) {
        return SshLauncher.connect(SshTarget.parse(lab.uri()), lab.identity, knownHosts, acceptNew, QUIET);
    }

    @Test
    void wrongHostKeyIsRefusedWithItsFingerprint() throws Exception {
        Path known = lab.knownHosts(dir.resolve("wrong_known_hosts"), TestLabHost.newKey().getPublic());
        HapmeterException e = assertThrows(HapmeterException.class, () -> connect(known, true));
        String fingerprint = KeyUtils.getFingerPrint(lab.hostKey.getPublic());
        assertTrue(e.getMessage().contains(fingerprint), e.getMessage());
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        // --accept-new-host-key never replaces a changed key.
        assertEquals(1, Files.readAllLines(known).size());
    }

    @Test
    void unknownHostKeyIsRefusedUnlessAcceptedThenKnown() throws Exception {
        Path known = dir.resolve("fresh_known_hosts");
        HapmeterException e = assertThrows(HapmeterException.class, () -> connect(known, false));
        assertTrue(e.getMessage().contains(KeyUtils.getFingerPrint(lab.hostKey.getPublic())), e.getMessage());
        assertTrue(e.getMessage().contains("--accept-new-host-key"), e.getMessage());
        assertFalse(Files.exists(known) && Files.readString(known).contains("127.0.0.1"));

        try (SshLauncher first = connect(known, true)) {
            assertEquals(0, first.run(List.of("true")).exit());
        }
        assertTrue(Files.readString(known).contains("[127.0.0.1]:" + lab.port()), Files.readString(known));
        // Now known: a strict connection succeeds.
        try (SshLauncher second = connect(known, false)) {
            assertEquals("hello", second.run(List.of("echo", "hello")).output().strip());
        }
    }
}
