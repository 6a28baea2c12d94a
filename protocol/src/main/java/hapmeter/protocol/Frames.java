package hapmeter.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The wire format: one frame per line, so a person can read a captured control session.
 *
 * <pre>#HM1 KIND ID NAME PAYLOAD CRC\n</pre>
 *
 * PAYLOAD is {@code k=v&k=v} with %-escaping ("-" when empty); CRC is the CRC-32 (8 hex digits)
 * of everything before the space that precedes it. "1" in the marker is the protocol version of
 * the framing. Anything that is not a whole, intact frame (kernel noise, a truncated or corrupted
 * frame) is rejected here and skipped by {@link FrameReader}.
 */
public final class Frames {
    /**
     * Version of the message set, exchanged in HELLO. 2: PULL via the control line, PULL_CHUNK. 3: ARM
     * names the workload (no pids); START replies without pids.
     */
    public static final int VERSION = 3;
    public static final String MARKER = "#HM1 ";
    /** Longer lines are garbage by definition; bounds the reader's memory. */
    public static final int MAX_FRAME = 64 * 1024;

    private Frames() {
    }

    /** A message whose frame would exceed {@link #MAX_FRAME}: the sender must send something shorter. */
    public static final class TooLong extends IllegalArgumentException {
        private final int length;

        TooLong(int length) {
            super("frame of " + length + " bytes exceeds the limit of " + MAX_FRAME);
            this.length = length;
        }

        public int length() {
            return length;
        }
    }

    public static byte[] encode(Message m) {
        StringBuilder sb = new StringBuilder(MARKER)
                .append(m.kind()).append(' ')
                .append(m.id()).append(' ')
                .append(m.name()).append(' ');
        if (m.fields().isEmpty()) {
            sb.append('-');
        } else {
            boolean first = true;
            for (Map.Entry<String, String> e : m.fields().entrySet()) {
                if (!first) {
                    sb.append('&');
                }
                first = false;
                escape(e.getKey(), sb);
                sb.append('=');
                escape(e.getValue(), sb);
            }
        }
        String body = sb.toString();
        String line = body + ' ' + crcHex(body) + '\n';
        if (line.length() > MAX_FRAME) {
            throw new TooLong(line.length());
        }
        return line.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Decodes one line (without its newline). Returns null unless the line holds an intact
     * frame; a frame may be preceded by noise on the same line.
     */
    public static Message decode(String line) {
        int start = line.lastIndexOf(MARKER);
        if (start < 0) {
            return null;
        }
        String frame = line.substring(start);
        int lastSpace = frame.lastIndexOf(' ');
        if (lastSpace < 0) {
            return null;
        }
        String body = frame.substring(0, lastSpace);
        if (!crcHex(body).equals(frame.substring(lastSpace + 1).strip())) {
            return null;
        }
        String[] parts = body.split(" ", -1);
        if (parts.length != 5) {
            return null;
        }
        try {
            Message.Kind kind = Message.Kind.valueOf(parts[1]);
            long id = Long.parseLong(parts[2]);
            Map<String, String> fields = new LinkedHashMap<>();
            if (!parts[4].equals("-")) {
                for (String kv : parts[4].split("&", -1)) {
                    int eq = kv.indexOf('=');
                    if (eq < 0) {
                        return null;
                    }
                    fields.put(unescape(kv.substring(0, eq)), unescape(kv.substring(eq + 1)));
                }
            }
            return new Message(kind, id, parts[3], fields);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The id of the response a damaged LINE claims to be (its header looks intact), or -1: lets
     * the host re-request at once instead of waiting out the timeout. Only a hint, as the
     * checksum failed.
     */
    public static long responseIdHint(String line) {
        return idHint(line, Message.Kind.OK, Message.Kind.ERR);
    }

    /** As {@link #responseIdHint}, for a damaged request: the probe answers it so the host need not wait. */
    public static long requestIdHint(String line) {
        return idHint(line, Message.Kind.REQ);
    }

    private static long idHint(String line, Message.Kind... kinds) {
        int start = line.lastIndexOf(MARKER);
        if (start < 0) {
            return -1;
        }
        String[] parts = line.substring(start).split(" ", 4);
        if (parts.length < 4 || Arrays.stream(kinds).noneMatch(k -> k.name().equals(parts[1]))) {
            return -1;
        }
        try {
            return Long.parseLong(parts[2]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static String crcHex(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        return String.format("%08x", crc.getValue());
    }

    private static boolean plain(int b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
                || b == '.' || b == '_' || b == '-' || b == '/' || b == ':' || b == ',' || b == '+';
    }

    private static void escape(String s, StringBuilder out) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int u = b & 0xff;
            if (plain(u)) {
                out.append((char) u);
            } else {
                out.append('%').append(Character.forDigit(u >> 4, 16)).append(Character.forDigit(u & 15, 16));
            }
        }
    }

    private static String unescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new IllegalArgumentException("bad escape");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("bad escape");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (plain(c)) {
                out.write(c);
            } else {
                throw new IllegalArgumentException("unescaped byte");
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
