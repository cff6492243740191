package org.darlingtontogether.carehub.process;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.darlingtontogether.carehub.config.CarehubProperties;
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

    private final InboxProcessor processor;
    private final CarehubProperties properties;

    public InboxRecovery(InboxProcessor processor, CarehubProperties properties) {
        this.processor = processor;
        this.properties = properties;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        if (!properties.getProcessing().isEnabled()) {
            return;
        }
        int resumed = processor.processWaiting();
        if (resumed > 0) {
            log.info("resumed {} acknowledged messages that were not yet processed", resumed);
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
    }
}
