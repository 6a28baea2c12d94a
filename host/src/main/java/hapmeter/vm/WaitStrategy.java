package hapmeter.vm;

/**
 * Readiness as an object (as in Testcontainers): {@link TestVm#await} polls it until it holds,
 * QEMU dies, or the time is up. Each poll may block briefly, never for the whole timeout.
 */
public interface WaitStrategy {
    boolean poll(TestVm vm) throws Exception;

    /** What is awaited, for messages: "the probe's HELLO". */
    String describe();
}
