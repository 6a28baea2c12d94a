package hapmeter.scenario;

import hapmeter.HapmeterException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The request from outside the test VM. Returns the number of body bytes received. */
public interface HttpClient {
    long get(String host, int port, String path, Path bodyOut);

    /** Recorded in summary.json: "gnu-wget" or "java". */
    String name();

    /** GNU wget when installed (what the paper used), else the in-process client. */
    static HttpClient detect() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "wget"))
                    && GnuWget.isGnu(Path.of(dir, "wget").toString())) {
                return new GnuWget(Path.of(dir, "wget").toString());
            }
        }
        return new JavaHttpClient();
    }

    static HttpClient byName(String name) {
        return switch (name) {
            case "auto" -> detect();
            case "java" -> new JavaHttpClient();
            case "gnu-wget" -> {
                HttpClient c = detect();
                if (!(c instanceof GnuWget)) {
                    throw new HapmeterException("GNU wget is not installed (apt-get install wget), or use --client java");
                }
                yield c;
            }
            default -> throw new HapmeterException("unknown client '" + name + "' (auto, gnu-wget, java)");
        };
    }
}
