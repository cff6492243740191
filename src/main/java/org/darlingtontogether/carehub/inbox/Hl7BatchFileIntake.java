package org.darlingtontogether.carehub.inbox;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.ops.InboxHandoff;
import org.darlingtontogether.carehub.parse.Hl7MessageSplitter;
import org.darlingtontogether.carehub.parse.TextEncoding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Takes an HL7 v2 batch file (FHS/BHS ... BTS/FTS, segments separated by CR or CRLF) into the inbox: each message
 * goes through exactly what an MLLP message goes through ({@link Hl7Intake#accept}), so it is its own inbox entry,
 * committed as RECEIVED, or kept FAILED with the reason an MLLP sender would get in its AE. The reject report lists
 * the messages that would have been answered AE. If the inbox cannot commit (what MLLP answers AR), the file is not
 * acknowledged: it stays on the server and is read again; messages committed before are repeats then, not duplicates.
 */
@Component("hl7BatchFileIntake")
public class Hl7BatchFileIntake {

    private static final Logger log = LoggerFactory.getLogger(Hl7BatchFileIntake.class);

    private final Hl7Intake intake;
    private final InboxRepository inbox;
    private final InboxHandoff handoff;
    private final boolean processing;

    public Hl7BatchFileIntake(Hl7Intake intake, InboxRepository inbox, InboxHandoff handoff, CarehubProperties properties) {
        this.intake = intake;
        this.inbox = inbox;
        this.handoff = handoff;
        this.processing = properties.getProcessing().isEnabled();
    }

    /** The route's entry: the partner from {@code CareHubPartner}, the file as downloaded; sets where it goes next. */
    public void take(@Header(Hl7Intake.PARTNER) String partner, @Header(Exchange.FILE_NAME_ONLY) String fileName,
                     @Body File file, Message message) throws IOException {
        receive(partner, fileName, file.toPath()).applyTo(message);
    }

    public FileOutcome receive(String partner, String fileName, Path file) throws IOException {
        TextEncoding.Detected encoding = TextEncoding.detect(file);
        String text = new String(Files.readAllBytes(file), encoding.charset());
        List<String> messages = Hl7MessageSplitter.split(text);
        if (messages.isEmpty()) {
            RejectReport report = new RejectReport();
            report.reject("1", "file rejected: no HL7 v2 message in the file");
            log.warn("{} {}: file rejected: no HL7 v2 message", partner, fileName);
            return new FileOutcome(fileName, "HL7V2 batch", 0, 0, 0, "no HL7 v2 message in the file", report.text());
        }
        RejectReport report = new RejectReport();
        long fresh = 0;
        boolean handOff = false;
        for (int i = 0; i < messages.size(); i++) {
            Hl7Intake.Result result = intake.accept(partner, messages.get(i));
            if (result.inboxId() == null) {
                // the inbox could not commit: nothing about this file is acknowledged, it is read again later
                throw new IOException("the inbox could not commit message " + (i + 1) + " of " + fileName);
            }
            handOff |= result.handOff();
            if (result.code() != Hl7Acknowledgement.Code.AA) {
                String reason = inbox.find(result.inboxId()).map(InboxEntry::reason).orElse("not accepted");
                report.reject("message " + (i + 1), "AE (inbox " + result.inboxId() + "): " + reason);
            } else if (result.handOff()) {
                fresh++;
            }
        }
        if (handOff && processing) {
            handoff.handOffWaiting();
        }
        log.info("{} {}: {} HL7 v2 messages, {} new, {} not accepted", partner, fileName, messages.size(), fresh,
                report.count());
        return new FileOutcome(fileName, "HL7V2 batch", messages.size(), fresh, report.count(), null, report.text());
    }
}
