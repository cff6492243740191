package org.darlingtontogether.carehub.inbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.darlingtontogether.carehub.inbox.Hl7Acknowledgement.Problem;
import org.darlingtontogether.carehub.map.Hl7v2Mapper;
import org.darlingtontogether.carehub.ops.FeedMetrics;
import org.darlingtontogether.carehub.parse.Hl7ParseException;
import org.darlingtontogether.carehub.parse.Hl7Parser;
import org.darlingtontogether.carehub.parse.ParsedHl7;
import org.darlingtontogether.carehub.parse.ParsedMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Takes an HL7 v2 message off an MLLP connection into the durable inbox and answers it: AA once committed; AE, with
 * the original committed as FAILED, when it cannot be read or is of a type the hub does not map; AR when the inbox
 * cannot commit, so the sender keeps it and sends it again. A repeat (same partner and MSH-10, same content) is
 * answered as the first time and not handed to processing again.
 *
 * <p>Metrics per partner: {@code received} for each message newly committed, {@code failed} for those committed as
 * FAILED, {@code acknowledged} for each AA or AE (the message is safe with the hub), repeats included.
 * Logs carry the inbox id, partner, message key (MSH-10, or a content hash) and outcome, never the message.
 */
@Component("hl7Intake")
public class Hl7Intake {

    /** Header: the partner feed the message came in on (set by the route). */
    public static final String PARTNER = "CareHubPartner";
    /** Header: the inbox row (long), for processing to read the message from. */
    public static final String INBOX_ID = "CareHubInboxId";
    /** Header: true when the message is newly RECEIVED and goes on to processing. */
    public static final String HANDOFF = "CareHubHandoff";

    static final String FORMAT = "HL7V2";
    private static final int MAX_KEY_LENGTH = 200;
    private static final int MAX_TYPE_LENGTH = 40;
    private static final Logger log = LoggerFactory.getLogger(Hl7Intake.class);

    /**
     * What became of one message.
     *
     * @param ack     the acknowledgement text to send back
     * @param code    its MSA-1
     * @param inboxId the inbox row, or null when nothing could be committed
     * @param handOff whether processing should now take it (newly RECEIVED only)
     */
    public record Result(String ack, Hl7Acknowledgement.Code code, Long inboxId, boolean handOff) {
    }

    private final InboxRepository inbox;
    private final InboxGroupCommit commits;
    private final Hl7Parser parser;
    private final Hl7v2Mapper mapper;
    private final Hl7Acknowledgement acknowledgement;
    private final FeedMetrics metrics;
    private final ParsedMessages parsedMessages;

    public Hl7Intake(InboxRepository inbox, InboxGroupCommit commits, Hl7Parser parser, Hl7v2Mapper mapper, Hl7Acknowledgement acknowledgement,
                     FeedMetrics metrics, ParsedMessages parsedMessages) {
        this.parsedMessages = parsedMessages;
        this.inbox = inbox;
        this.commits = commits;
        this.parser = parser;
        this.mapper = mapper;
        this.acknowledgement = acknowledgement;
        this.metrics = metrics;
    }

    /** The route's entry: commits, sets {@link #INBOX_ID} and {@link #HANDOFF}, and returns the ACK as the reply. */
    public String receive(@Header(PARTNER) String partner, @Body String raw, Message message) {
        Result result = accept(partner, raw);
        if (result.inboxId() != null) {
            message.setHeader(INBOX_ID, result.inboxId());
        }
        message.setHeader(HANDOFF, result.handOff());
        return result.ack();
    }

    /**
     * The route failed (the route's error handler calls this). After a commit, the failure can only be the hand-off:
     * the message is safe and RECEIVED, so the AA stands and processing picks it up when the hub next starts. Before a
     * commit, the answer is AR, so the sender keeps the message and sends it again.
     */
    public void failedAfterReceipt(Exchange exchange) {
        Message message = exchange.getMessage();
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String problem = cause == null ? "unknown" : cause.getClass().getName();
        String partner = message.getHeader(PARTNER, String.class);
        Long inboxId = message.getHeader(INBOX_ID, Long.class);
        if (inboxId != null) {
            log.warn("inbox {} {}: committed and acknowledged, but the hand-off failed ({}); it stays RECEIVED until"
                    + " the next start", inboxId, partner, problem);
            return;
        }
        log.error("{}: AR, unexpected {} before the inbox commit", partner, problem);
        Object body = message.getBody();
        message.setBody(acknowledgement.reject(body instanceof String text ? text : "",
                new Problem(207, null, "application internal error; not accepted, please send again")));
    }

    public Result accept(String partner, String raw) {
        String text = raw == null ? "" : raw;
        Candidate candidate = read(text);
        InboxReceipt receipt;
        if (candidate.parsed() != null) {
            // held before the commit, so processing finds it however soon it takes the row
            parsedMessages.hold(partner, candidate.key(), text, candidate.parsed());
        }
        try {
            receipt = commits.store(partner, candidate.key(), FORMAT, candidate.messageType(),
                    candidate.problem() == null ? InboxState.RECEIVED : InboxState.FAILED,
                    candidate.problem() == null ? null : candidate.problem().text(), text);
            if (receipt.duplicate() && !sameMessage(receipt.id(), text)) {
                // not processed (kept FAILED): its parse is let go rather than left to go stale in the hold
                parsedMessages.drop(partner, candidate.key());
                candidate = controlIdReused(text, candidate, receipt.id());
                receipt = commits.store(partner, candidate.key(), FORMAT, candidate.messageType(), InboxState.FAILED,
                        candidate.problem().text(), text);
            }
        } catch (DataAccessException e) {
            parsedMessages.drop(partner, candidate.key());
            // a driver's message can quote values, so only the exception type is logged
            log.warn("{} {}: AR, inbox cannot commit ({})", partner, candidate.key(), e.getClass().getSimpleName());
            return new Result(acknowledgement.reject(text, new Problem(207, null,
                    "the hub cannot store messages at the moment; not accepted, please send again")),
                    Hl7Acknowledgement.Code.AR, null, false);
        } catch (RuntimeException e) {
            parsedMessages.drop(partner, candidate.key());
            log.error("{} {}: AR, unexpected {} at {}", partner, candidate.key(), e.getClass().getName(),
                    e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?");
            return new Result(acknowledgement.reject(text, new Problem(207, null,
                    "application internal error; not accepted, please send again")),
                    Hl7Acknowledgement.Code.AR, null, false);
        }
        return answer(partner, text, candidate, receipt);
    }

    private Result answer(String partner, String text, Candidate candidate, InboxReceipt receipt) {
        if (receipt.duplicate() && candidate.parsed() != null) {
            parsedMessages.drop(partner, candidate.key());
        }
        if (!receipt.duplicate()) {
            metrics.count(partner, FeedMetrics.Outcome.RECEIVED);
        }
        metrics.count(partner, FeedMetrics.Outcome.ACKNOWLEDGED);
        String repeat = receipt.duplicate() ? " (repeat)" : "";
        if (candidate.problem() == null) {
            log.debug("inbox {} {} {}: AA{}", receipt.id(), partner, candidate.key(), repeat);
            return new Result(acknowledgement.accept(text), Hl7Acknowledgement.Code.AA, receipt.id(), !receipt.duplicate());
        }
        if (!receipt.duplicate()) {
            metrics.count(partner, FeedMetrics.Outcome.FAILED);
        }
        // a repeat is answered with the reason stored the first time
        Problem problem = receipt.reason() == null ? candidate.problem()
                : new Problem(candidate.problem().errorCode(), candidate.problem().location(), receipt.reason());
        // the reason can quote parser wording about the content, so the log names the error code and place only
        log.info("inbox {} {} {}: AE {} at {}{}", receipt.id(), partner, candidate.key(), problem.errorCode(),
                problem.location() == null ? "message" : problem.location(), repeat);
        return new Result(acknowledgement.error(text, problem), Hl7Acknowledgement.Code.AE, receipt.id(), false);
    }

    /** Parses and checks the message: its inbox key and type, and the problem that makes it FAILED, if any. */
    private Candidate read(String text) {
        try {
            return check(text);
        } catch (RuntimeException e) {
            // a message that trips up the parser is still kept (as FAILED) rather than refused for ever with AR
            return new Candidate(contentKey(text), null,
                    new Problem(207, null, "cannot read HL7 v2: " + e.getClass().getSimpleName()));
        }
    }

    private Candidate check(String text) {
        ParsedHl7 parsed;
        try {
            parsed = parser.parse(text);
        } catch (Hl7ParseException e) {
            String type = Hl7Acknowledgement.Msh.read(text).field(9);
            return new Candidate(contentKey(text), type.isEmpty() ? null : clip(type, MAX_TYPE_LENGTH),
                    new Problem(errorCode(e), e.location(), e.getMessage()));
        }
        String controlId = parsed.controlId();
        String key = controlId == null || controlId.isBlank() || controlId.length() > MAX_KEY_LENGTH
                ? contentKey(text) : controlId;
        String type = clip(parsed.messageType(), MAX_TYPE_LENGTH);
        if (!mapper.supports(parsed.messageType())) {
            return new Candidate(key, type, new Problem(200, "MSH-9", "unsupported message type " + type));
        }
        return new Candidate(key, type, null, parsed);
    }

    /**
     * The sender used an MSH-10 again for a different message: it is kept under its content hash as FAILED and
     * refused with 205, instead of being taken for a repeat and silently not processed.
     */
    private Candidate controlIdReused(String text, Candidate candidate, long earlierId) {
        return new Candidate(contentKey(text), candidate.messageType(), new Problem(205, "MSH-10",
                "MSH-10 " + candidate.key() + " was already used for a different message (inbox " + earlierId + ")"));
    }

    /** A repeat carries the same segments after MSH; a resending engine may have changed MSH itself (e.g. MSH-7). */
    private boolean sameMessage(long storedId, String text) {
        return inbox.find(storedId)
                .map(stored -> afterMsh(stored.payload()).equals(afterMsh(text)))
                .orElse(true);
    }

    private static String afterMsh(String text) {
        String normalised = Hl7Parser.normalise(text);
        int end = normalised.indexOf('\r');
        return end < 0 ? "" : normalised.substring(end + 1);
    }

    private static int errorCode(Hl7ParseException e) {
        if (e.getCause() instanceof ca.uhn.hl7v2.HL7Exception hl7) {
            return hl7.getError().getCode();
        }
        if ("MSH-9".equals(e.location())) {
            return 101;
        }
        return 100;
    }

    /** A message without a usable MSH-10 is known by its content. */
    static String contentKey(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Hl7Parser.normalise(text).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    /** What reading a message found; {@code parsed} is set when it goes on to processing. */
    private record Candidate(String key, String messageType, Problem problem, ParsedHl7 parsed) {
        Candidate(String key, String messageType, Problem problem) {
            this(key, messageType, problem, null);
        }
    }
}
