package hapmeter.probe;

/** What a scenario needs is missing in this test VM (no svm/vmx, a module that will not load). */
final class Unavailable extends Exception {
    Unavailable(String reason) {
        super(reason);
    }
}
