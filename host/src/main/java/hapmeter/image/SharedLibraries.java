package hapmeter.image;

import hapmeter.Exec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The host libraries that dynamic ELF files need, as ldd resolves them here (loader included). */
final class SharedLibraries {
    private static final Pattern LIB = Pattern.compile("(?:=>\\s*)?(/\\S+)\\s+\\(0x");

    private SharedLibraries() {
    }

    /** Libraries of FILES, leaving out those under PROVIDED (shipped alongside already). */
    static List<Path> of(Collection<Path> files, Path provided) {
        if (files.isEmpty()) {
            return List.of();
        }
        List<String> argv = new ArrayList<>(List.of("ldd"));
        files.forEach(f -> argv.add(f.toString()));
        // ldd exits non-zero when one of several files is static; the others are still listed.
        Matcher m = LIB.matcher(Exec.run(null, argv).output());
        TreeSet<Path> libs = new TreeSet<>();
        while (m.find()) {
            Path lib = Path.of(m.group(1)).normalize();
            if (provided == null || !lib.startsWith(provided)) {
                libs.add(lib);
            }
        }
        return new ArrayList<>(libs);
    }
}
