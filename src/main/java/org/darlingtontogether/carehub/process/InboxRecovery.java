package org.darlingtontogether.carehub.process;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.inbox.InboxRepository;
import org.darlingtontogether.carehub.inbox.IntakeJournal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * After a crash or stop, before any listener opens: first the intake journal's messages that the database file had
 * not kept are put back into the inbox ({@link IntakeJournal#replay}, embedded H2 only); then messages that were
 * acknowledged but not yet processed, still RECEIVED in the inbox, are processed in arrival order, so nothing
 * acknowledged is lost and nothing new overtakes them.
 */
@Component
public class InboxRecovery implements CamelContextConfiguration {

    private static final Logger log = LoggerFactory.getLogger(InboxRecovery.class);

    private final InboxProcessor processor;
    private final CarehubProperties properties;
    private final IntakeJournal journal;
    private final InboxRepository inbox;
    private final TransactionTemplate transaction;

    public InboxRecovery(InboxProcessor processor, CarehubProperties properties, IntakeJournal journal, InboxRepository inbox,
                         TransactionTemplate transaction) {
        this.processor = processor;
        this.properties = properties;
        this.journal = journal;
        this.inbox = inbox;
        this.transaction = transaction;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        journal.replay(inbox, transaction);
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
