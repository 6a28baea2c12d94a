package hapmeter.campaign;

import hapmeter.vm.Accel;
import java.nio.file.Path;
import java.util.List;

/**
 * What a run measures and how.
 *
 * @param hostPort host side of the wget's port forward; 0 picks a free one
 * @param bootTimeoutS 0 keeps the machine definition's timeout
 * @param configs the vm-configs directory (scenarios, rules; machines/default.json unless MACHINE)
 */
public record RunOptions(Path configs, List<String> scenarios, String kernel, Accel accel, Path machine, Path resultsRoot,
        String runId, int hostPort, int bufferKb, String client, String qemu, int bootTimeoutS) {
}
