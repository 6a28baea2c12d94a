package hapmeter.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The syscall scan on the recorded socket and kvm traces, and on variants derived from them. */
class SyscallsTest {
    private static final Path RUNS = Path.of("src/test/resources/runs/full");
    private static final Path SOCKET = RUNS.resolve("socket/trace.txt.gz");
    private static final Path KVM = RUNS.resolve("kvm/trace.txt.gz");
    private final TraceAnalyzer analyzer = new TraceAnalyzer(Fixtures.interruptRules());

    private static List<String> lines(Path trace) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(trace))) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).lines().toList();
        }
    }

    private Syscalls scan(List<String> lines, UnaryOperator<String> edit, Set<Integer> pids) throws IOException {
        return analyzer.syscalls(TraceVariants.stream(TraceVariants.map(lines, edit)), pids);
    }

    @Test
    void socketServerEntersAcceptReadWriteClose() throws IOException {
        Syscalls r = analyzer.syscalls(SOCKET, Set.of(114));
        assertEquals(List.of("accept", "close", "read", "write"), List.copyOf(r.calls().keySet()));
        assertEquals(2, r.calls().get("write"));
        assertEquals(Set.of(), r.insidePids());
        assertEquals(Set.of(), r.idlePids());
        // Another task's lines are not counted, and an absent task is reported idle.
        assertEquals(Set.of(), analyzer.syscalls(SOCKET, Set.of(14)).calls().keySet());
        assertEquals(Set.of(999), analyzer.syscalls(SOCKET, Set.of(999)).idlePids());
    }

    @Test
    void olderNamingAndAbsoluteTimestampsGiveTheSameEntries() throws IOException {
        List<String> socket = lines(SOCKET);
        Syscalls plain = scan(socket, l -> l, Set.of(114));
        // Before 4.17 the entry points were sys_* (SyS_* wrappers), called directly by the entry code.
        for (String prefix : List.of("sys_", "SyS_", "__ia32_sys_")) {
            Syscalls old = scan(socket.stream().filter(l -> !l.contains("x64_sys_call")).toList(),
                    l -> l.replace("__x64_sys_", prefix), Set.of(114));
            assertEquals(plain.calls(), old.calls(), prefix);
        }
        Syscalls abstime = scan(socket, l -> l.startsWith("#") ? l : "  1234.567890 |" + l, Set.of(114));
        assertEquals(plain.calls(), abstime.calls());
    }

    @Test
    void nestedSyscallNamedHelpersAreNotCountedAgain() throws IOException {
        // __do_sys_* under __x64_sys_*: indent the real entry's body by one more call named like a syscall.
        List<String> socket = lines(SOCKET);
        Syscalls r = scan(socket, l -> l.replace("ksys_read()", "__do_sys_read()"), Set.of(114));
        assertEquals(analyzer.syscalls(SOCKET, Set.of(114)).calls(), r.calls());
    }

    @Test
    void vcpuThreadInsideKvmRunEntersNoSyscall() throws IOException {
        Syscalls r = analyzer.syscalls(KVM, Set.of(155, 156, 158));
        assertTrue(r.calls().keySet().containsAll(Set.of("ppoll", "read", "writev")), r.calls().toString());
        assertEquals(Set.of(158), r.insidePids());
        assertEquals(Set.of(156), r.idlePids());
    }

    @Test
    void notAGraphTraceIsAnError() {
        IOException e = assertThrows(IOException.class,
                () -> scan(List.of("hello", "world"), l -> l, Set.of(1)));
        assertTrue(e.getMessage().contains("funcgraph-proc"), e.getMessage());
    }
}
