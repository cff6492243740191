package org.darlingtontogether.carehub.bench;

import java.util.concurrent.atomic.LongAdder;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.hl7.HL7MLLPNettyDecoderFactory;
import org.apache.camel.component.hl7.HL7MLLPNettyEncoderFactory;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A comparison listener in the benchmark's own JVM, on the hub's transport exactly (Camel netty TCP with camel-hl7's
 * MLLP codec, sync, one message at a time per connection, text kept as sent): either it only answers (bare ACK), or
 * it first does the hub's parse, identification, mapping and FHIR JSON encoding and then answers, storing nothing.
 */
final class BaselineServer implements AutoCloseable {

    /** What the listener does with a message before answering it. */
    interface Work {
        /** Returns null when the message is fine, else a short reason for an AE. */
        String handle(String message) throws Exception;
    }

    private final CamelContext camel = new DefaultCamelContext();
    private final int port = HubUnderTest.freePort();
    private final LongAdder errors = new LongAdder();

    BaselineServer(String name, Work work) throws Exception {
        HL7MLLPNettyDecoderFactory decoder = new HL7MLLPNettyDecoderFactory();
        decoder.setCharset("UTF-8");
        decoder.setConvertLFtoCR(false);
        decoder.setProduceString(true);
        HL7MLLPNettyEncoderFactory encoder = new HL7MLLPNettyEncoderFactory();
        encoder.setCharset("UTF-8");
        encoder.setConvertLFtoCR(false);
        camel.getRegistry().bind("hl7MllpDecoder", decoder);
        camel.getRegistry().bind("hl7MllpEncoder", encoder);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("netty:tcp://127.0.0.1:" + port + "?sync=true&synchronous=true"
                        + "&decoders=#hl7MllpDecoder&encoders=#hl7MllpEncoder" + System.getProperty("bench.baseline.options", ""))
                        .routeId("bench-" + name)
                        .process(exchange -> answer(exchange, work));
            }
        });
        camel.start();
    }

    private void answer(Exchange exchange, Work work) {
        String message = exchange.getMessage().getBody(String.class);
        String problem;
        try {
            problem = work.handle(message);
        } catch (Exception e) {
            problem = e.getClass().getSimpleName();
        }
        if (problem != null) {
            errors.increment();
        }
        exchange.getMessage().setBody(CheapAck.build(message, problem == null ? "AA" : "AE", problem));
    }

    int port() {
        return port;
    }

    long errors() {
        return errors.sum();
    }

    @Override
    public void close() {
        camel.stop();
    }
}
