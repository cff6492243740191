package org.darlingtontogether.carehub.process;

import java.util.ArrayList;
import java.util.List;
import org.darlingtontogether.carehub.inbox.InboxEntry;

/**
 * How the messages of one inbox format (the row's {@code format}: {@code HL7V2}, {@code FHIR}, {@code CSV}, ...) are
 * parsed, identified and mapped. One bean per format; the processor picks by the row's format. No I/O here: the
 * processor writes the outcome and the record changes together, in its own transaction.
 */
public interface InboxFormat {

    /** The inbox format this handles, as stored in {@code inbox_message.format}. */
    String format();

    /** Parse, identify and map one stored message; a problem with the message is a parked outcome, not an exception. */
    Prepared prepare(InboxEntry entry);

    /**
     * {@link #prepare} of consecutive messages of this format, in order, answered in that order: one at a time unless a
     * format looks up together what its messages would each look up alone. Should one message throw, the processor
     * prepares each again alone, to name the one.
     */
    default List<Prepared> prepareAll(List<InboxEntry> entries) {
        List<Prepared> prepared = new ArrayList<>(entries.size());
        for (InboxEntry entry : entries) {
            prepared.add(prepare(entry));
        }
        return prepared;
    }

    /**
     * Whether each message is prepared from itself alone, so that a batch's messages may be prepared side by side.
     * Not so for a format whose messages refer to one prepared before them in the batch (a partner's Patient, then
     * the resources that name it by the partner's id).
     */
    default boolean preparesEachAlone() {
        return true;
    }

    /**
     * Writes what preparing learned that must outlast the batch whatever becomes of it (a partner's Patient and its NHS
     * number, say), in a transaction of its own; called once a batch is prepared, before its changes are applied.
     */
    default void flushPrepared() {
    }

    /**
     * Told as each batch is read whether processing is behind (the batch is full: more messages are waiting), for a
     * format that keeps something for the messages processing will take soon (the intake's parse of an HL7 v2 message).
     */
    default void processingBehind(boolean behind) {
    }
}
