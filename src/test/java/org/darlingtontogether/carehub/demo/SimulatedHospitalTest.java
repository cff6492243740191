package org.darlingtontogether.carehub.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.support.HubTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The simulator against a stand-in MLLP listener that records what arrives and answers AA (every fifth AE). */
@ExtendWith(OutputCaptureExtension.class)
class SimulatedHospitalTest {

    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private ServerSocket server;
    private SimulatedHospital hospital;

    @AfterEach
    void stop() throws IOException {
        if (hospital != null) {
            hospital.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void sendsABurstThenPacedUpToTheLimitAndLogsOnlyCounts(CapturedOutput output) throws Exception {
        startListener();
        hospital = new SimulatedHospital(properties(server.getLocalPort(), 200, 40, 15));
        hospital.start();

        await().atMost(Duration.ofSeconds(20)).until(hospital::finished);
        assertThat(received).hasSize(40);
        assertThat(hospital.sent()).isEqualTo(40);
        assertThat(hospital.acknowledgements()).containsEntry("AA", 32).containsEntry("AE", 8);
        assertThat(connections).hasValue(1);

        String log = output.getAll();
        assertThat(log).contains("Simulated hospital finished: 40 of 40 messages acknowledged, ACK codes {AA=32, AE=8}");
        for (SyntheticPerson p : SyntheticAdt.forThisRun(SimulatedHospital.SEED).population().people()) {
            assertThat(log).doesNotContain(p.hospitalNumber());
            if (p.nhsNumber() != null) {
                assertThat(log).doesNotContain(p.nhsNumber());
            }
        }
    }

    @Test
    void waitsForTheListenerAndThenSends() throws Exception {
        int port = HubTestBase.freePort();
        hospital = new SimulatedHospital(properties(port, 50, 5, 5));
        hospital.start();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> hospital.sent() == 0);

        server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        serve();
        await().atMost(Duration.ofSeconds(20)).until(hospital::finished);
        assertThat(received).hasSize(5);
    }

    @Test
    void readsTheAcknowledgementCode() {
        assertThat(SimulatedHospital.ackCode("MSH|^~\\&|HUB|X|||20250101||ACK^A01|1|P|2.5.1\rMSA|AE|123\rERR|")).isEqualTo("AE");
        assertThat(SimulatedHospital.ackCode("garbage")).isEqualTo("?");
    }

    private static CarehubProperties properties(int port, double rate, int messages, int burst) {
        CarehubProperties properties = new CarehubProperties();
        CarehubProperties.Partner cddft = new CarehubProperties.Partner();
        cddft.getMllp().setPort(port);
        properties.getPartners().put("cddft", cddft);
        properties.getDemo().setRate(rate);
        properties.getDemo().setMessages(messages);
        properties.getDemo().setBurst(burst);
        return properties;
    }

    private void startListener() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        serve();
    }

    private void serve() {
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    connections.incrementAndGet();
                    answer(s);
                } catch (IOException closed) {
                    return;
                }
            }
        }, "stand-in-mllp-listener");
        t.setDaemon(true);
        t.start();
    }

    private void answer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == MllpClient.START) {
                message.reset();
            } else if (b == MllpClient.END) {
                in.read();
                received.add(message.toString(StandardCharsets.UTF_8));
                String code = received.size() % 5 == 0 ? "AE" : "AA";
                String ack = "MSH|^~\\&|CAREHUB|DTOGETHER|PAS|RXP|20250101000000||ACK|A" + received.size() + "|P|2.5.1\rMSA|" + code + "|x";
                out.write(MllpClient.START);
                out.write(ack.getBytes(StandardCharsets.UTF_8));
                out.write(new byte[] {MllpClient.END, MllpClient.CR});
                out.flush();
            } else {
                message.write(b);
            }
        }
    }
}
