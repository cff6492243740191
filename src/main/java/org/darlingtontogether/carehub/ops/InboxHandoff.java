package org.darlingtontogether.carehub.ops;

import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.process.InboxProcessor;
import org.springframework.stereotype.Component;

/**
 * Hands an inbox row (already set back to RECEIVED) to processing through the one hand-off endpoint
 * ({@code carehub.handoff.uri}), fire-and-forget: processing moves the row to its outcome.
 */
@Component
public class InboxHandoff {

    private final ProducerTemplate producer;
    private final String uri;

    public InboxHandoff(ProducerTemplate producer, CarehubProperties properties) {
        this.producer = producer;
        this.uri = properties.getHandoff().getUri();
    }

    public void handOff(long inboxId) {
        producer.sendBodyAndHeader(uri, ExchangePattern.InOnly, inboxId, InboxProcessor.INBOX_ID, inboxId);
    }

    /** Tells processing that messages are waiting (a batch of a file's rows was committed): it takes all of them. */
    public void handOffWaiting() {
        producer.sendBody(uri, ExchangePattern.InOnly, "waiting");
    }
}
