package hapmeter.campaign;

import hapmeter.lab.LabOptions;
import hapmeter.scenario.Scenario;
import hapmeter.vm.Accel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a campaign measures and how; recorded in campaign.json, so that --resume continues with
 * exactly the same options.
 *
 * @param configs the vm-configs directory (scenarios, rules; machines/default.json unless MACHINE)
 * @param kernels Debian kernel releases, linux-image .deb files, or user kernel directories
 * @param hostPort host side of the "vm" port forward; 0 picks a free one
 * @param bufferKb ring buffer per CPU for every scenario; null: each scenario's own
 * @param bootTimeoutS 0 keeps the machine definition's timeout
 * @param repeat cells per kernel and scenario
 * @param freshBoot a new test VM for each repeat, instead of re-arming in the same boot
 * @param warmup warm-up requests before arming; null keeps each scenario's own
 * @param untilSteady K > 0: request rounds until K rounds in a row add no function; 0: one request
 * @param maxRounds the most rounds --until-steady may take
 * @param onlyRep null, or the one repeat this campaign runs (a planned cell run on its own)
 * @param lab where the test machine is (null, as in runs recorded before lab mode: this machine)
 * @param perf null: trace each cell; else measure its throughput instead, with nothing armed
 * @param noSource do not look for or build the kernels' source indexes before measuring (--no-source)
 */
public record RunOptions(Path configs, List<String> scenarios, List<String> kernels, Accel accel, Path machine,
        Path resultsRoot, String runId, int hostPort, Integer bufferKb, String client, String qemu, int bootTimeoutS,
        int repeat, boolean freshBoot, Integer warmup, int untilSteady, int maxRounds, Integer onlyRep, LabOptions lab,
        Perf perf, boolean noSource) {

    public RunOptions {
        lab = lab != null ? lab : LabOptions.LOCAL;
    }

    /** The ring buffer (KB per CPU) a window of S gets. */
    public int bufferKb(Scenario s) {
        return bufferKb != null ? bufferKb : s.bufferKb();
    }

    /** A throughput campaign: RUNS loads of DURATION_S seconds each, with CONNECTIONS concurrent clients. */
    public record Perf(int durationS, int runs, int connections) {
    }

    /**
     * The same options with the configuration found on this machine: a plan made on one machine
     * names its vm-configs by absolute path, and a batch node may have the project elsewhere.
     */
    public RunOptions withLocalConfigs(Path local) {
        if (Files.isDirectory(configs)) {
            return this;
        }
        Path localMachine = local.resolve("machines").resolve(machine.getFileName());
        return new RunOptions(local, scenarios, kernels, accel, localMachine, resultsRoot, runId, hostPort, bufferKb,
                client, qemu, bootTimeoutS, repeat, freshBoot, warmup, untilSteady, maxRounds, onlyRep, lab, perf, noSource);
    }

    /** The same campaign, written to RUN_DIR. */
    public RunOptions at(Path runDir) {
        Path dir = runDir.toAbsolutePath();
        return new RunOptions(configs, scenarios, kernels, accel, machine, dir.getParent(), dir.getFileName().toString(),
                hostPort, bufferKb, client, qemu, bootTimeoutS, repeat, freshBoot, warmup, untilSteady, maxRounds, onlyRep,
                lab, perf, noSource);
    }

    /** The same cells measured for throughput with PERF instead of traced (one request window, no rounds). */
    public RunOptions measuringThroughput(Perf perf) {
        return new RunOptions(configs, scenarios, kernels, accel, machine, resultsRoot, runId, hostPort, bufferKb, client,
                qemu, bootTimeoutS, repeat, freshBoot, warmup, 0, maxRounds, null, lab, perf, noSource);
    }

    /** The options of one planned cell: one kernel, one scenario, one repeat, its own run directory. */
    public RunOptions cell(String kernel, String scenario, int rep, Path resultsRoot, String runId) {
        return new RunOptions(configs, List.of(scenario), List.of(kernel), accel, machine, resultsRoot, runId, hostPort,
                bufferKb, client, qemu, bootTimeoutS, repeat, freshBoot, warmup, untilSteady, maxRounds, rep, lab, perf,
                noSource);
    }
}
