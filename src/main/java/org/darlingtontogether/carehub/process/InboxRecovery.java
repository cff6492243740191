package org.darlingtontogether.carehub.process;

import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.inbox.InboxRepository;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * After a crash or stop, messages that were acknowledged but not yet processed are still RECEIVED in the inbox.
 * They are processed here, in arrival order, before any listener opens, so nothing acknowledged is lost and
 * nothing new overtakes them.
 */
@Component
public class InboxRecovery implements CamelContextConfiguration {

    private static final Logger log = LoggerFactory.getLogger(InboxRecovery.class);

    private final InboxRepository inbox;
    private final InboxProcessor processor;
    private final CarehubProperties properties;

    public InboxRecovery(InboxRepository inbox, InboxProcessor processor, CarehubProperties properties) {
        this.inbox = inbox;
        this.processor = processor;
        this.properties = properties;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        if (!properties.getProcessing().isEnabled()) {
            return;
        }
        List<Long> pending = inbox.idsInState(InboxState.RECEIVED);
        if (pending.isEmpty()) {
            return;
        }
        log.info("resuming {} acknowledged messages not yet processed", pending.size());
        pending.forEach(processor::process);
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
    }
}
