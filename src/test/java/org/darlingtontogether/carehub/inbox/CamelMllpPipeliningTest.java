package org.darlingtontogether.carehub.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mllp.MllpComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.darlingtontogether.carehub.demo.MllpClient;
import org.darlingtontogether.carehub.support.HubTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Characterisation of CAMEL-24668 in camel-mllp 4.17.0, the reason the hospital listener is built on camel-netty with
 * camel-hl7's MLLP codec instead: when a sender pipelines several messages and they arrive in one TCP read, the MLLP
 * consumer delivers and acknowledges only the first and silently discards the rest. The sender, having written them,
 * waits for ACKs that never come. When a camel-mllp release with the fix is in use, this test fails: then the
 * choice of listener can be reconsidered.
 */
class CamelMllpPipeliningTest {

    private static final int PIPELINED = 5;

    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private CamelContext camel;
    private int port;

    @BeforeEach
    void startCamelMllpConsumer() throws Exception {
        port = HubTestBase.freePort();
        camel = new DefaultCamelContext();
        MllpComponent mllp = new MllpComponent();
        mllp.setLogPhi(false); // camel-mllp logs message bodies by default
        camel.addComponent("mllp", mllp);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("mllp://127.0.0.1:" + port + "?autoAck=true")
                        .routeId("camel-mllp-under-test")
                        .process(exchange -> delivered.add(controlId(exchange.getMessage().getBody(String.class))));
            }
        });
        // camel-test-spring-junit5 keeps a "don't start" flag per thread; a Spring test class before this one
        // (PER_CLASS lifecycle with @DirtiesContext) can leave it set, and start() would then silently do nothing
        DefaultCamelContext.setNoStart(false);
        camel.start();
        assertThat(camel.getStatus()).isEqualTo(ServiceStatus.Started);
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void camelMllp4170DeliversOnlyTheFirstOfFiveMessagesPipelinedInOneWrite_CAMEL_24668() throws Exception {
        NotifyBuilder allFive = new NotifyBuilder(camel).fromRoute("camel-mllp-under-test").whenDone(PIPELINED).create();
        NotifyBuilder first = new NotifyBuilder(camel).fromRoute("camel-mllp-under-test").whenDone(1).create();

        // camel-mllp binds its server socket in a background thread after the route starts
        try (MllpClient sender = await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> new MllpClient("127.0.0.1", port, 2_000), Objects::nonNull)) {
            ByteArrayOutputStream oneWrite = new ByteArrayOutputStream();
            for (int i = 1; i <= PIPELINED; i++) {
                oneWrite.writeBytes(sender.frame(Hl7Samples.adtA01("PIPE" + i)));
            }
            sender.writeRaw(oneWrite.toByteArray());

            assertThat(first.matches(10, TimeUnit.SECONDS)).isTrue();
            List<String> acks = new ArrayList<>();
            acks.add(sender.readAck());
            // the sender's view: no further ACK arrives (the client's read timeout is the bounded wait)
            assertThatThrownBy(sender::readAck).isInstanceOf(SocketTimeoutException.class);
            assertThat(allFive.matches(1, TimeUnit.SECONDS)).isFalse();

            assertThat(delivered).containsExactly("PIPE1");
            assertThat(acks).hasSize(1);
            assertThat(acks.get(0)).contains("MSA|AA|PIPE1");

            // the connection still works: the four were discarded, not delayed
            String next = sender.send(Hl7Samples.adtA01("AFTER"));
            assertThat(next).contains("MSA|AA|AFTER");
            assertThat(delivered).containsExactly("PIPE1", "AFTER");
        }
    }

    private static String controlId(String message) {
        return Hl7Acknowledgement.Msh.read(message).field(10);
    }
}
