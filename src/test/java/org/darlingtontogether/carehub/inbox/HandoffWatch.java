package org.darlingtontogether.carehub.inbox;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Records the inbox ids sent to the hand-off endpoint. The listener hands off before it answers, so once an ACK is
 * read, whatever it handed off is already recorded here: no waiting needed to assert "not handed off".
 */
final class HandoffWatch extends EventNotifierSupport implements AutoCloseable {

    private final CamelContext camel;
    private final String handoffKey;
    private final List<Long> inboxIds = new CopyOnWriteArrayList<>();

    private HandoffWatch(CamelContext camel, String handoffUri) {
        this.camel = camel;
        this.handoffKey = camel.getEndpoint(handoffUri).getEndpointKey();
        setIgnoreExchangeEvents(false);
        setIgnoreExchangeSentEvents(false);
    }

    static HandoffWatch on(CamelContext camel, String handoffUri) {
        HandoffWatch watch = new HandoffWatch(camel, handoffUri);
        camel.getManagementStrategy().addEventNotifier(watch);
        watch.start();
        return watch;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeSentEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        CamelEvent.ExchangeSentEvent sent = (CamelEvent.ExchangeSentEvent) event;
        Endpoint endpoint = sent.getEndpoint();
        if (endpoint != null && handoffKey.equals(endpoint.getEndpointKey())) {
            inboxIds.add(sent.getExchange().getMessage().getHeader(Hl7Intake.INBOX_ID, Long.class));
        }
    }

    /** Inbox ids handed off since this watch started, in order. */
    List<Long> inboxIds() {
        return List.copyOf(inboxIds);
    }

    @Override
    public void close() {
        camel.getManagementStrategy().removeEventNotifier(this);
        stop();
    }
}
