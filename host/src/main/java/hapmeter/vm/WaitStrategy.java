package hapmeter.vm;

/**
 * Readiness as an object (as in Testcontainers): {@link TestMachine#await} polls it until it holds,
 * the machine is gone, or the time is up. Each poll may block briefly, never for the whole timeout.
 */
public interface WaitStrategy {
    boolean poll(TestMachine machine) throws Exception;

    /** What is awaited, for messages: "the probe's HELLO". */
    String describe();
}
