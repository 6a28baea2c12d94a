package hapmeter.protocol.message;

import hapmeter.protocol.Command;
import hapmeter.protocol.Message;
import hapmeter.protocol.transfer.Encoding;
import java.util.Locale;
import java.util.Map;

/**
 * PULL: snapshot a guest file and stream it over the bulk channel as transfer number (the
 * request's id); with a line encoding (no bulk port) prepare it, encoded, for PULL_CHUNK instead.
 */
public final class Pull {
    private static final String WHAT = "what";
    private static final String VIA = "via";
    private static final String LINE = "line";
    private static final String ENCODING = "encoding";
    private static final String SIZE = "size";
    private static final String SHA256 = "sha256";
    private static final String ENCODED_SIZE = "encoded_size";

    private Pull() {
    }

    /** The files the host may pull. */
    public enum Source {
        TRACE, KALLSYMS;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Source ofWire(String name) {
            for (Source s : values()) {
                if (s.wire().equals(name)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("cannot pull '" + name + "'");
        }
    }

    /** LINE_ENCODING: how to prepare it for the control line; null to send it over the bulk channel. */
    public record Request(Source what, Encoding lineEncoding) implements ProbeRequest<Reply> {
        public static Request decode(Message m) {
            Source what = Source.ofWire(Fields.text(m, WHAT));
            String via = m.get(VIA);
            if (via == null) {
                return new Request(what, null);
            }
            if (!via.equals(LINE)) {
                throw new IllegalArgumentException("PULL via '" + via + "'");
            }
            return new Request(what, Encoding.ofWire(Fields.text(m, ENCODING)));
        }

        @Override
        public Command command() {
            return Command.PULL;
        }

        @Override
        public Map<String, String> fields() {
            Fields f = new Fields().put(WHAT, what.wire());
            return lineEncoding == null ? f.map() : f.put(VIA, LINE).put(ENCODING, lineEncoding.wire()).map();
        }

        @Override
        public Reply reply(Message ok) {
            return new Reply(ok.id(), Fields.number(ok, SIZE), Fields.text(ok, SHA256),
                    lineEncoding == null ? null : Fields.number(ok, ENCODED_SIZE));
        }
    }

    /**
     * SIZE bytes with digest SHA256, sent as bulk transfer TRANSFER (the request's id, not a field);
     * ENCODED_SIZE: the encoded file's size for PULL_CHUNK, null over the bulk channel.
     */
    public record Reply(long transfer, long size, String sha256, Long encodedSize) implements ProbeReply {
        @Override
        public Map<String, String> fields() {
            Fields f = new Fields().put(SIZE, size).put(SHA256, sha256);
            return encodedSize == null ? f.map() : f.put(ENCODED_SIZE, encodedSize).map();
        }
    }
}
