package hapmeter.campaign;

import hapmeter.vm.Accel;
import java.nio.file.Path;
import java.util.List;

/**
 * What a campaign measures and how; recorded in campaign.json, so that --resume continues with
 * exactly the same options.
 *
 * @param configs the vm-configs directory (scenarios, rules; machines/default.json unless MACHINE)
 * @param kernels Debian kernel releases, linux-image .deb files, or user kernel directories
 * @param hostPort host side of the "vm" port forward; 0 picks a free one
 * @param bootTimeoutS 0 keeps the machine definition's timeout
 * @param repeat cells per kernel and scenario
 * @param freshBoot a new test VM for each repeat, instead of re-arming in the same boot
 * @param warmup warm-up requests before arming; null keeps each scenario's own
 * @param untilSteady K > 0: request rounds until K rounds in a row add no function; 0: one request
 * @param maxRounds the most rounds --until-steady may take
 */
public record RunOptions(Path configs, List<String> scenarios, List<String> kernels, Accel accel, Path machine,
        Path resultsRoot, String runId, int hostPort, int bufferKb, String client, String qemu, int bootTimeoutS,
        int repeat, boolean freshBoot, Integer warmup, int untilSteady, int maxRounds) {
}
