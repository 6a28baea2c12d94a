package hapmeter.protocol.message;

import hapmeter.protocol.Command;
import hapmeter.protocol.Message;
import java.util.Base64;
import java.util.Map;

/** PULL_CHUNK: LENGTH bytes at OFFSET of the file a line PULL prepared (fewer at its end). */
public final class PullChunk {
    private static final String OFFSET = "offset";
    private static final String LENGTH = "length";
    private static final String DATA = "data";

    private PullChunk() {
    }

    public record Request(long offset, int length) implements ProbeRequest<Reply> {
        public Request {
            Fields.notNegative(OFFSET, offset);
            Fields.notNegative(LENGTH, length);
        }

        public static Request decode(Message m) {
            return new Request(Fields.number(m, OFFSET), Fields.integer(m, LENGTH));
        }

        @Override
        public Command command() {
            return Command.PULL_CHUNK;
        }

        @Override
        public Map<String, String> fields() {
            return new Fields().put(OFFSET, offset).put(LENGTH, length).map();
        }

        @Override
        public Reply reply(Message ok) {
            try {
                return new Reply(Base64.getUrlDecoder().decode(Fields.text(ok, DATA)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("PULL_CHUNK: data is not base64: " + e.getMessage(), e);
            }
        }
    }

    public record Reply(byte[] data) implements ProbeReply {
        @Override
        public Map<String, String> fields() {
            // URL-safe and unpadded: every character is plain in a frame, nothing to escape.
            return new Fields().put(DATA, Base64.getUrlEncoder().withoutPadding().encodeToString(data)).map();
        }
    }
}
