package org.darlingtontogether.carehub.demo;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A sending system's side of MLLP: frames messages (0x0B ... 0x1C 0x0D), sends them one at a time or pipelined in a
 * single write, and reads the ACKs. Used by the simulated hospital, the tests and the benchmark.
 */
public class MllpClient implements Closeable {

    public static final byte START = 0x0B;
    public static final byte END = 0x1C;
    public static final byte CR = 0x0D;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Charset charset;

    public MllpClient(String host, int port, int timeoutMillis) throws IOException {
        this(host, port, timeoutMillis, StandardCharsets.UTF_8);
    }

    public MllpClient(String host, int port, int timeoutMillis, Charset charset) throws IOException {
        this.socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.charset = charset;
    }

    /** Sends one message and waits for its acknowledgement. */
    public String send(String message) throws IOException {
        out.write(frame(message));
        out.flush();
        return readAck();
    }

    /** Sends several messages in one TCP write, without waiting in between, then reads one ACK per message. */
    public List<String> sendPipelined(List<String> messages) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String m : messages) {
            all.writeBytes(frame(m));
        }
        out.write(all.toByteArray());
        out.flush();
        List<String> acks = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            acks.add(readAck());
        }
        return acks;
    }

    /** Writes raw bytes as they are (for tests of broken framing). */
    public void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public byte[] frame(String message) {
        byte[] body = message.getBytes(charset);
        byte[] framed = new byte[body.length + 3];
        framed[0] = START;
        System.arraycopy(body, 0, framed, 1, body.length);
        framed[body.length + 1] = END;
        framed[body.length + 2] = CR;
        return framed;
    }

    /** Reads one framed reply; throws on timeout or when the server closes the connection. */
    public String readAck() throws IOException {
        int b;
        while ((b = in.read()) != START) {
            if (b == -1) {
                throw new IOException("connection closed before an acknowledgement arrived");
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            b = in.read();
            if (b == -1) {
                throw new IOException("connection closed inside an acknowledgement");
            }
            if (b == END) {
                int cr = in.read();
                if (cr != CR) {
                    throw new IOException("acknowledgement frame not ended by 0x1C 0x0D");
                }
                return body.toString(charset);
            }
            body.write(b);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
