package org.darlingtontogether.carehub.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.darlingtontogether.carehub.demo.MllpClient;

/**
 * One sending connection, as {@link MllpClient} but with buffered reads: MllpClient reads the ACK a byte per
 * {@code read()} on the socket (one system call per byte, ~50 µs per ACK here), which on a 2-core machine takes CPU
 * from the listener being measured. Framing is MllpClient's.
 */
final class BenchSender implements Closeable {

    private final Socket socket = new Socket();
    private final OutputStream out;
    private final InputStream in;
    private final ByteArrayOutputStream ack = new ByteArrayOutputStream(256);

    BenchSender(String host, int port, int timeoutMillis) throws IOException {
        socket.connect(new InetSocketAddress(host, port), timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 8192);
    }

    /** Frames (0x0B ... 0x1C 0x0D) as the demo client does. */
    static byte[] frame(String message) {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        byte[] framed = new byte[body.length + 3];
        framed[0] = MllpClient.START;
        System.arraycopy(body, 0, framed, 1, body.length);
        framed[body.length + 1] = MllpClient.END;
        framed[body.length + 2] = MllpClient.CR;
        return framed;
    }

    /** Writes one framed message and waits for its ACK. */
    String send(byte[] framed) throws IOException {
        out.write(framed);
        out.flush();
        return readAck();
    }

    private String readAck() throws IOException {
        int b;
        while ((b = in.read()) != MllpClient.START) {
            if (b == -1) {
                throw new IOException("connection closed before an acknowledgement arrived");
            }
        }
        ack.reset();
        while (true) {
            b = in.read();
            if (b == -1) {
                throw new IOException("connection closed inside an acknowledgement");
            }
            if (b == MllpClient.END) {
                if (in.read() != MllpClient.CR) {
                    throw new IOException("acknowledgement frame not ended by 0x1C 0x0D");
                }
                return ack.toString(StandardCharsets.UTF_8);
            }
            ack.write(b);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
