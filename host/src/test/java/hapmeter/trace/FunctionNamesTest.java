package hapmeter.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FunctionNamesTest {
    @ParameterizedTest
    @CsvSource({
        "do_softirq.part.0, do_softirq",
        "finish_task_switch.isra.0, finish_task_switch",
        "foo.constprop.0.isra.0, foo",
        "tcp_schedule_loss_probe.part.0, tcp_schedule_loss_probe",
        "foo.cold, foo",
        "foo.cold.12, foo",
        "foo.part.1.cold, foo",
        "foo.llvm.1234567890123, foo",
        "foo.lto_priv.0, foo",
        "foo.isra.12.constprop.3.part.0, foo",
        "tcp_v4_rcv, tcp_v4_rcv",
        "__x64_sys_accept, __x64_sys_accept",
        // Not clone suffixes: left alone.
        "foo.isra, foo.isra",
        "foo.bar.0, foo.bar.0",
        "foo.cold_path, foo.cold_path",
    })
    void stripsCloneSuffixes(String raw, String expected) {
        assertEquals(expected, FunctionNames.normalize(raw));
    }
}
