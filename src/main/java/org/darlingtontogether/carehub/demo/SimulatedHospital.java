package org.darlingtontogether.carehub.demo;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * CDDFT's patient administration system, simulated for a newcomer's first run: once the hub is ready it connects to
 * the hospital feed's MLLP listener on 127.0.0.1 like a real sender (one connection, waits for each ACK, resends
 * after a lost connection), sends a first burst, then paces itself to {@code carehub.demo.rate} messages a second
 * until {@code carehub.demo.messages} have been acknowledged. It logs counts and ACK codes only.
 * On only when {@code carehub.demo.enabled} is true.
 */
@Component
@ConditionalOnProperty(prefix = "carehub.demo", name = "enabled", havingValue = "true", matchIfMissing = true)
public class SimulatedHospital {

    /** The same people every run, so a newcomer can look the same person up again. */
    public static final long SEED = 2016;
    static final String HOST = "127.0.0.1";
    private static final int ACK_TIMEOUT_MILLIS = 30_000;
    private static final Logger log = LoggerFactory.getLogger(SimulatedHospital.class);

    private final CarehubProperties.Demo config;
    private final int port;
    private final SyntheticAdt generator;
    private final Map<String, Integer> acks = new TreeMap<>();
    private ScheduledExecutorService sender;
    private MllpClient connection;
    private SyntheticAdt.SyntheticMessage unacknowledged;
    private volatile int sent;
    private volatile boolean finished;
    private boolean waitingLogged;
    private int lostConnections;

    public SimulatedHospital(CarehubProperties properties) {
        this.config = properties.getDemo();
        CarehubProperties.Partner cddft = properties.getPartners().get("cddft");
        this.port = cddft == null ? -1 : cddft.getMllp().getPort();
        this.generator = SyntheticAdt.forThisRun(SEED);
    }

    @EventListener(ApplicationReadyEvent.class)
    public synchronized void start() {
        if (sender != null) {
            return;
        }
        if (port < 0) {
            log.warn("Simulated hospital not started: no carehub.partners.cddft is configured");
            return;
        }
        sender = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "simulated-hospital");
            t.setDaemon(true);
            return t;
        });
        long periodMicros = Math.max(1, Math.round(1_000_000 / config.getRate()));
        log.info("Simulated hospital: sending {} synthetic HL7 v2 messages to {}:{} ({} at once, then {} a second)",
                config.getMessages(), HOST, port, Math.min(config.getBurst(), config.getMessages()), config.getRate());
        sender.scheduleAtFixedRate(this::tick, 0, periodMicros, TimeUnit.MICROSECONDS);
    }

    /** One pacing interval: the whole burst at first, then one message. Runs only on the sender thread. */
    private void tick() {
        try {
            if (sent >= config.getMessages()) {
                finish();
                return;
            }
            if (!connected()) {
                return;
            }
            int now = sent < config.getBurst() ? Math.min(config.getBurst(), config.getMessages()) - sent : 1;
            for (int i = 0; i < now; i++) {
                if (!sendOne()) {
                    return;
                }
            }
            if (sent == Math.min(config.getBurst(), config.getMessages()) && now > 1) {
                progress("first burst sent");
            }
            if (sent >= config.getMessages()) {
                finish();
            }
        } catch (RuntimeException e) {
            // keep the schedule alive; the message stays unacknowledged and is resent
            log.warn("Simulated hospital: unexpected {}", e.getClass().getSimpleName());
            disconnect();
        }
    }

    private boolean connected() {
        if (connection != null) {
            return true;
        }
        try {
            connection = new MllpClient(HOST, port, ACK_TIMEOUT_MILLIS);
            log.info("Simulated hospital: connected to the cddft MLLP listener on port {}", port);
            waitingLogged = false;
            return true;
        } catch (IOException e) {
            if (!waitingLogged) {
                log.info("Simulated hospital: waiting for the cddft MLLP listener on {}:{} ({})", HOST, port, e.getClass().getSimpleName());
                waitingLogged = true;
            }
            return false;
        }
    }

    private boolean sendOne() {
        if (unacknowledged == null) {
            unacknowledged = generator.next();
        }
        try {
            String ack = connection.send(unacknowledged.text());
            String code = ackCode(ack);
            synchronized (acks) {
                acks.merge(code, 1, Integer::sum);
            }
            unacknowledged = null;
            sent++;
            if (sent % 100 == 0 && sent < config.getMessages()) {
                progress("progress");
            }
            return true;
        } catch (IOException e) {
            lostConnections++;
            log.warn("Simulated hospital: no acknowledgement ({}); reconnecting to resend", e.getClass().getSimpleName());
            disconnect();
            return false;
        }
    }

    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        progress("finished");
        disconnect();
        sender.shutdown();
    }

    private void progress(String stage) {
        log.info("Simulated hospital {}: {} of {} messages acknowledged, ACK codes {}{}", stage, sent, config.getMessages(),
                acknowledgements(), lostConnections == 0 ? "" : ", connections lost " + lostConnections);
    }

    /** MSA-1 of an acknowledgement: AA, AE, AR (or CA/CE/CR), or {@code ?} when there is none. */
    static String ackCode(String ack) {
        int msa = ack.indexOf("MSA|");
        if (msa < 0 || ack.length() < msa + 6) {
            return "?";
        }
        return ack.substring(msa + 4, msa + 6);
    }

    private void disconnect() {
        MllpClient c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing a broken connection
            }
        }
    }

    /** Stops sending when the hub shuts down. */
    @jakarta.annotation.PreDestroy
    public synchronized void stop() {
        if (sender != null) {
            sender.shutdownNow();
            try {
                sender.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        disconnect();
    }

    /** How many messages the hospital has had acknowledged. */
    public int sent() {
        return sent;
    }

    public boolean finished() {
        return finished;
    }

    /** Count of acknowledgements by MSA-1 code. */
    public Map<String, Integer> acknowledgements() {
        synchronized (acks) {
            return new TreeMap<>(acks);
        }
    }

    /** A person the hub will know by NHS number once the first burst is processed (a synthetic test number). */
    public String examplePatientNhsNumber() {
        return generator.population().people().stream()
                .filter(p -> p.nhsIntent() == SyntheticAdt.NhsIntent.VALID)
                .map(SyntheticPerson::nhsNumber)
                .findFirst().orElseThrow();
    }
}
