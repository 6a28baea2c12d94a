package hapmeter.image;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Debian kernel release as apt names it (6.1.0-56-amd64, 6.12.107+deb12-rt-amd64) taken apart: its version, its
 * flavour (amd64, cloud-amd64, rt-amd64), its line (6.1, 6.12), and its place in version order.
 */
public final class KernelRelease {
    /** The flavours Debian builds for amd64, the longest suffix first so that "-rt-amd64" is not read as "-amd64". */
    public static final List<String> FLAVOURS = List.of("cloud-amd64", "rt-amd64", "amd64");
    public static final String DEFAULT_FLAVOUR = "amd64";

    /**
     * Version order: runs of digits compare as numbers, anything else as text, so 6.1.0-9 &lt; 6.1.0-47 &lt;
     * 6.12.100 (string order would put 6.1.0-47 before 6.1.0-9).
     */
    public static final Comparator<String> ORDER = KernelRelease::compare;

    private static final Pattern TOKEN = Pattern.compile("\\d+|\\D+");
    private static final Pattern LINE = Pattern.compile("^(\\d+\\.\\d+)[.-]");

    private KernelRelease() {
    }

    /** Its flavour (one of {@link #FLAVOURS}), or null for a release that names none (a user's kernel). */
    public static String flavour(String release) {
        return FLAVOURS.stream().filter(f -> release.endsWith("-" + f)).findFirst().orElse(null);
    }

    /** The release without its flavour: 6.1.0-56 for 6.1.0-56-cloud-amd64. */
    public static String version(String release) {
        String f = flavour(release);
        return f == null ? release : release.substring(0, release.length() - f.length() - 1);
    }

    /** Its line, the first two numbers (6.1, 6.12), or the whole release when it has no such start. */
    public static String line(String release) {
        Matcher m = LINE.matcher(release);
        return m.find() ? m.group(1) : release;
    }

    /** A short axis label: 6.1.0-56 for 6.1.0-56-amd64, 6.12.107 rt for 6.12.107+deb12-rt-amd64. */
    public static String shortName(String release) {
        String f = flavour(release);
        String v = version(release).replaceFirst("\\+deb\\d+$", "");
        return f == null || f.equals(DEFAULT_FLAVOUR) ? v : v + " " + f.replace("-amd64", "");
    }

    private static int compare(String a, String b) {
        List<String> ta = tokens(a);
        List<String> tb = tokens(b);
        for (int i = 0; i < Math.min(ta.size(), tb.size()); i++) {
            String x = ta.get(i);
            String y = tb.get(i);
            boolean nx = Character.isDigit(x.charAt(0));
            boolean ny = Character.isDigit(y.charAt(0));
            int c = nx && ny ? new BigInteger(x).compareTo(new BigInteger(y))
                    : nx != ny ? (nx ? 1 : -1) : x.compareTo(y);
            if (c != 0) {
                return c;
            }
        }
        return ta.size() != tb.size() ? Integer.compare(ta.size(), tb.size()) : a.compareTo(b);
    }

    private static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(s);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
