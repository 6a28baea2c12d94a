package hapmeter.vm;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What a campaign's cells run on: a test VM ({@link TestVm}, here or on a lab host) or a
 * bare-metal machine already running the probe behind a serial cable (hapmeter.lab).
 */
public interface TestMachine extends AutoCloseable {
    /** How the kernel under test runs, for the results: "kvm", "tcg", or "none" (bare metal). */
    String accel();

    /** The control line to the probe. */
    Duplex openControl();

    /** The bulk port, if the machine has one; without, files come over the control line. */
    Optional<Duplex> openData();

    boolean isAlive();

    /** Whether it is gone, waiting up to GRACE: the control line may close a moment before. */
    boolean exited(Duration grace);

    /** Why it is gone, for messages: "QEMU exited with status 137", "the SSH connection … was lost: …". */
    String exitReason();

    /** Its kernel console so far, into DEST (empty when the console is not ours to read). */
    void copyConsoleLog(Path dest) throws IOException;

    /** A failure of this machine: the message, plus what helps (command line, console tail). */
    VmFailure failure(String message, Throwable cause);

    /** Polls W every 100 ms; a machine gone or the timeout is a {@link VmFailure}. */
    default void await(WaitStrategy w, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (w.poll(this)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("interrupted while waiting for " + w.describe(), e);
            } catch (Exception e) {
                if (!isAlive()) {
                    break;
                }
                throw failure("error while waiting for " + w.describe() + ": " + e.getMessage(), e);
            }
            if (!isAlive()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw failure("timed out after " + timeout.toSeconds() + " s waiting for " + w.describe(), null);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("interrupted while waiting for " + w.describe(), e);
            }
        }
        exited(Duration.ofSeconds(2));
        throw failure(exitReason() + " before " + w.describe(), null);
    }

    /** Kills it at once (when it is known to be unusable). */
    void kill();

    @Override
    void close();
}
