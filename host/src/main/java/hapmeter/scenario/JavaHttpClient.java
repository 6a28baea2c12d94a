package hapmeter.scenario;

import hapmeter.HapmeterException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** A plain HTTP/1.0 GET over a socket: the same bytes on the wire as wget, minus its headers. */
final class JavaHttpClient implements HttpClient {
    @Override
    public long get(String host, int port, String path, Path bodyOut) {
        byte[] body = body(host, port, path, 20_000);
        try {
            Files.write(bodyOut, body);
        } catch (IOException e) {
            throw new HapmeterException("cannot write " + bodyOut + ": " + e.getMessage(), e);
        }
        return body.length;
    }

    /** The body of a 200 response to GET PATH within TIMEOUT_MS per step; anything else is a HapmeterException. */
    static byte[] body(String host, int port, String path, int timeoutMs) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), timeoutMs);
            s.setSoTimeout(timeoutMs);
            s.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: " + host + "\r\nAccept: */*\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            try (InputStream in = s.getInputStream()) {
                in.transferTo(all);
            }
            byte[] bytes = all.toByteArray();
            int end = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String status = new String(bytes, 0, Math.max(0, Math.min(bytes.length, 32)), StandardCharsets.US_ASCII);
            if (end < 0 || !status.matches("HTTP/1\\.[01] 200[\\s\\S]*")) {
                throw new HapmeterException("GET http://" + host + ":" + port + path + " got no 200 response");
            }
            return Arrays.copyOfRange(bytes, end + 4, bytes.length);
        } catch (IOException e) {
            throw new HapmeterException("GET http://" + host + ":" + port + path + " failed: " + e.getMessage(), e);
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public String name() {
        return "java";
    }
}
