package hapmeter.campaign;

import hapmeter.HapmeterException;

/** The scenario cannot run in this test VM (no KVM, say): reported as skipped, not failed. */
final class ScenarioSkipped extends HapmeterException {
    ScenarioSkipped(String reason) {
        super(reason);
    }
}
