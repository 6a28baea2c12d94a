package hapmeter.scenario;

import hapmeter.Exec;
import hapmeter.HapmeterException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** GNU wget run on the host, one try, no proxy. */
final class GnuWget implements HttpClient {
    private final String binary;

    GnuWget(String binary) {
        this.binary = binary;
    }

    static boolean isGnu(String binary) {
        return Exec.run(null, List.of(binary, "--version")).output().startsWith("GNU Wget");
    }

    @Override
    public long get(String host, int port, String path, Path bodyOut) {
        Exec.Result r = Exec.run(null, List.of(binary, "-q", "--no-proxy", "--tries=1", "--timeout=20",
                "-O", bodyOut.toString(), "http://" + host + ":" + port + path));
        if (r.exit() != 0) {
            throw new HapmeterException("wget http://" + host + ":" + port + path + " failed (exit " + r.exit() + ")"
                    + (r.output().isBlank() ? "" : ": " + Exec.tail(r.output(), 200)));
        }
        try {
            return Files.size(bodyOut);
        } catch (IOException e) {
            throw new HapmeterException("wget wrote no file: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "gnu-wget";
    }
}
