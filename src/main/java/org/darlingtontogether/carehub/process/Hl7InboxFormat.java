package org.darlingtontogether.carehub.process;

import org.darlingtontogether.carehub.identify.Hl7PatientIdentifier;
import org.darlingtontogether.carehub.identify.Identification;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.inbox.InboxEntry;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.darlingtontogether.carehub.map.Hl7v2Mapper;
import org.darlingtontogether.carehub.map.MappingContext;
import org.darlingtontogether.carehub.map.MappingException;
import org.darlingtontogether.carehub.parse.Hl7ParseException;
import org.darlingtontogether.carehub.parse.Hl7Parser;
import org.darlingtontogether.carehub.parse.ParsedHl7;
import org.darlingtontogether.carehub.parse.ParsedMessages;
import org.springframework.stereotype.Component;

/** HL7 v2 messages (MLLP, batch files): parse (or take the intake's parse), find the NHS number in PID-3, map. */
@Component
public class Hl7InboxFormat implements InboxFormat {

    public static final String FORMAT = "HL7V2";

    private final Hl7Parser parser;
    private final Hl7PatientIdentifier identifier;
    private final Hl7v2Mapper mapper;
    private final ParsedMessages parsedMessages;

    public Hl7InboxFormat(Hl7Parser parser, Hl7PatientIdentifier identifier, Hl7v2Mapper mapper, ParsedMessages parsedMessages) {
        this.parser = parser;
        this.identifier = identifier;
        this.mapper = mapper;
        this.parsedMessages = parsedMessages;
    }

    @Override
    public String format() {
        return FORMAT;
    }

    /** Behind, the intake's parses are not held: a message waits long enough that parsing it again costs less. */
    @Override
    public void processingBehind(boolean behind) {
        parsedMessages.processingBehind(behind);
    }

    @Override
    public Prepared prepare(InboxEntry entry) {
        ParsedHl7 message = parsedMessages.take(entry.partner(), entry.messageKey(), entry.payload());
        if (message == null) {
            try {
                message = parser.parse(entry.payload());
            } catch (Hl7ParseException e) {
                return Prepared.parked(InboxState.FAILED, e.getMessage(), e.getMessage());
            }
        }
        Identification who = entry.nhsNumberOverride() != null
                ? Identification.of(NhsNumber.of(entry.nhsNumberOverride()))
                : identifier.identify(message);
        if (!who.identified()) {
            return Prepared.parked(InboxState.QUARANTINED, who.problem());
        }
        try {
            return Prepared.processed(mapper.map(message, new MappingContext(entry.partner(), entry.id(), who.nhsNumber())));
        } catch (MappingException e) {
            return Prepared.parked(InboxState.FAILED, e.getMessage(), e.getMessage());
        }
    }
}
