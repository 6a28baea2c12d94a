package hapmeter.protocol.message;

import hapmeter.protocol.Command;
import hapmeter.protocol.Message;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * START: launch a workload and wait until it is ready; also selects the tracer once per boot.
 * Modules and network come first, as none of it may happen inside an armed window.
 */
public final class Start {
    private static final String NAME = "name";
    private static final String ARG = "arg";
    private static final String MODULES = "modules";
    private static final String CPU_MODULES = "cpu_modules";
    private static final String REQUIRES = "requires";
    private static final String NETWORK = "network";
    private static final String PORT = "port";
    private static final String READY_KIND = "ready_kind";
    private static final String READY_MARKER = "ready_marker";
    private static final String TIMEOUT_MS = "timeout_ms";
    private static final String STATE = "state";
    private static final String PID = "pid";
    private static final String PROBE_PID = "probe_pid";
    private static final String TRACER_SETUP_MS = "tracer_setup_ms";

    private Start() {
    }

    /**
     * NAME names the workload for ARM and STOP. CPU_MODULES: per /proc/cpuinfo flag (svm, vmx),
     * the modules for a CPU with it; the first flag the CPU has wins. READY_KIND "kernel-listen"
     * waits for a socket listening on PORT, "output" for READY_MARKER (else null) in the output.
     * STATE_COMMAND (maybe empty) prints the container runtime's state JSON, whose "pid" is the
     * container's: its process tree is traced too.
     */
    public record Request(String name, List<String> argv, List<String> modules, Map<String, List<String>> cpuModules,
            List<String> requires, String network, int port, String readyKind, String readyMarker, long timeoutMs,
            List<String> stateCommand) implements ProbeRequest<Reply> {
        public Request {
            Fields.name(NAME, name);
            if (argv.isEmpty()) {
                throw new IllegalArgumentException("START without a command line");
            }
            argv = List.copyOf(argv);
            modules = List.copyOf(modules);
            Map<String, List<String>> byFlag = new LinkedHashMap<>();
            cpuModules.forEach((flag, list) -> byFlag.put(flag, List.copyOf(list)));
            cpuModules = Collections.unmodifiableMap(byFlag);
            requires = List.copyOf(requires);
            stateCommand = List.copyOf(stateCommand);
            Fields.notNegative("timeout_ms", timeoutMs);
        }

        public static Request decode(Message m) {
            Map<String, List<String>> byFlag = new LinkedHashMap<>();
            Fields.suffixed(m, CPU_MODULES).forEach((flag, v) -> byFlag.put(flag, v.isEmpty() ? List.of() : List.of(v.split(","))));
            return new Request(Fields.text(m, NAME), Fields.indexed(m, ARG), Fields.list(m, MODULES), byFlag,
                    Fields.list(m, REQUIRES), Fields.text(m, NETWORK), Fields.integer(m, PORT), Fields.text(m, READY_KIND),
                    m.get(READY_MARKER), Fields.number(m, TIMEOUT_MS), Fields.indexed(m, STATE));
        }

        @Override
        public Command command() {
            return Command.START;
        }

        @Override
        public Map<String, String> fields() {
            Fields f = new Fields().put(NAME, name).indexed(ARG, argv).list(MODULES, modules);
            cpuModules.forEach((flag, list) -> f.list(CPU_MODULES + "." + flag, list));
            return f.list(REQUIRES, requires).put(NETWORK, network).put(PORT, port).put(READY_KIND, readyKind)
                    .put(READY_MARKER, readyMarker).put(TIMEOUT_MS, timeoutMs).indexed(STATE, stateCommand).map();
        }

        @Override
        public Reply reply(Message ok) {
            return new Reply(Fields.integer(ok, PID), Fields.integer(ok, PROBE_PID), Fields.number(ok, TRACER_SETUP_MS));
        }
    }

    /** The launched process, the probe's own pid, and how long selecting the tracer took. */
    public record Reply(int pid, int probePid, long tracerSetupMs) implements ProbeReply {
        @Override
        public Map<String, String> fields() {
            return new Fields().put(PID, pid).put(PROBE_PID, probePid).put(TRACER_SETUP_MS, tracerSetupMs).map();
        }
    }
}
