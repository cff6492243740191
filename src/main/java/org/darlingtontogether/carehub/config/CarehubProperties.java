package org.darlingtontogether.carehub.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;
import org.springframework.validation.annotation.Validated;

/**
 * Everything under {@code carehub.*}: the names partners' engineers and MDT systems script against.
 * Routes refer to these by {@code {{placeholder}}}; this class is where they are typed and checked.
 */
@Validated
@ConfigurationProperties(prefix = "carehub")
public class CarehubProperties {

    @Valid private final Demo demo = new Demo();
    @Valid private Map<String, Partner> partners = new LinkedHashMap<>();
    @Valid private Map<String, Consumer> consumers = new LinkedHashMap<>();
    @Valid private final Mappings mappings = new Mappings();
    @Valid private final Handoff handoff = new Handoff();
    @Valid private final Record record = new Record();
    @Valid private final Processing processing = new Processing();
    @Valid private Map<String, Operator> operators = new LinkedHashMap<>();
    @Valid private final Security security = new Security();
    @Valid private final Agreements agreements = new Agreements();
    @Valid private final Delivery delivery = new Delivery();

    public Demo getDemo() { return demo; }
    public Map<String, Partner> getPartners() { return partners; }
    public void setPartners(Map<String, Partner> partners) { this.partners = partners; }
    public Map<String, Consumer> getConsumers() { return consumers; }
    public void setConsumers(Map<String, Consumer> consumers) { this.consumers = consumers; }
    public Mappings getMappings() { return mappings; }
    public Handoff getHandoff() { return handoff; }
    public Record getRecord() { return record; }
    public Processing getProcessing() { return processing; }
    public Map<String, Operator> getOperators() { return operators; }
    public void setOperators(Map<String, Operator> operators) { this.operators = operators; }
    public Security getSecurity() { return security; }
    public Agreements getAgreements() { return agreements; }
    public Delivery getDelivery() { return delivery; }

    /** Simulated partner systems for a newcomer's first run. */
    public static class Demo {
        private boolean enabled = true;
        /** Messages per second the simulated hospital sends after its first burst. */
        @Positive private double rate = 5;
        /** How many messages it sends in all before it stops. */
        @Min(0) private int messages = 500;
        /** How many it sends straight away once the hub is ready (registering its people), before pacing. */
        @Min(0) private int burst = 60;
        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public double getRate() { return rate; }
        public void setRate(double rate) { this.rate = rate; }
        public int getMessages() { return messages; }
        public void setMessages(int messages) { this.messages = messages; }
        public int getBurst() { return burst; }
        public void setBurst(int burst) { this.burst = burst; }
        /** Port of the simulated MDT receivers (push endpoints printing what they get); 0 picks a free one. */
        @Min(0) @Max(65535) private int receiverPort = 8099;
        public int getReceiverPort() { return receiverPort; }
        public void setReceiverPort(int receiverPort) { this.receiverPort = receiverPort; }
    }

    /** One partner organisation's feeds. */
    public static class Partner {
        @Valid private Mllp mllp = new Mllp();
        public Mllp getMllp() { return mllp; }
        public void setMllp(Mllp mllp) { this.mllp = mllp; }
    }

    /** An MLLP listener for a partner's HL7 v2 senders. */
    public static class Mllp {
        @NotBlank private String host = "0.0.0.0";
        @Min(0) @Max(65535) private int port = 2575;
        /** Character set the sender writes; HL7 v2 feeds here are UTF-8 or a Latin charset. */
        @NotBlank private String charset = "UTF-8";
        public String getHost() { return host; }
        public void setHost(String host) { this.host = host; }
        public int getPort() { return port; }
        public void setPort(int port) { this.port = port; }
        public String getCharset() { return charset; }
        public void setCharset(String charset) { this.charset = charset; }
    }

    /** A consuming MDT system or care hub: its OAuth2 client and the purpose it acts for. */
    public static class Consumer {
        /** Spring-encoded secret: {@code {bcrypt}...} or {@code {noop}...}. */
        @NotBlank private String clientSecret;
        @NotBlank private String purpose = "direct-care";
        /** {@code consumer} reads the shared record; {@code ig-lead} records consent directives and runs governance reports. */
        @jakarta.validation.constraints.Pattern(regexp = "consumer|ig-lead") private String role = "consumer";
        public String getRole() { return role; }
        public void setRole(String role) { this.role = role; }
        /** A consumer of the shared record (not an information governance client). */
        public boolean isDataConsumer() { return "consumer".equals(role); }
        public String getClientSecret() { return clientSecret; }
        public void setClientSecret(String clientSecret) { this.clientSecret = clientSecret; }
        public String getPurpose() { return purpose; }
        public void setPurpose(String purpose) { this.purpose = purpose; }
        @Valid private final Push push = new Push();
        /** Where pushes go ({@code carehub.consumers.<id>.push-url}); unset: the consumer pulls or subscribes. */
        private java.net.URI pushUrl;
        public java.net.URI getPushUrl() { return pushUrl; }
        public void setPushUrl(java.net.URI pushUrl) { this.pushUrl = pushUrl; }
        /** How the hub authenticates to the consumer's endpoint, and which certificates it trusts there. */
        public Push getPush() { return push; }
    }

    /** Authentication to, and TLS trust of, a consumer's push endpoint (configured or subscribed). Never logged. */
    public static class Push {
        /** The {@code Authorization} header value sent with every push, e.g. {@code Bearer ...}; none when unset. */
        private String authorization;
        /** Trust store for the endpoint's TLS certificate (e.g. {@code file:/etc/carehub/mdt.p12}); the JDK's when unset. */
        private Resource trustStore;
        private String trustStorePassword;
        /** {@code PKCS12} or {@code JKS}. */
        @NotBlank private String trustStoreType = "PKCS12";
        public String getAuthorization() { return authorization; }
        public void setAuthorization(String authorization) { this.authorization = authorization; }
        public Resource getTrustStore() { return trustStore; }
        public void setTrustStore(Resource trustStore) { this.trustStore = trustStore; }
        public String getTrustStorePassword() { return trustStorePassword; }
        public void setTrustStorePassword(String trustStorePassword) { this.trustStorePassword = trustStorePassword; }
        public String getTrustStoreType() { return trustStoreType; }
        public void setTrustStoreType(String trustStoreType) { this.trustStoreType = trustStoreType; }
        @Override
        public String toString() { return "Push[authorization=" + (authorization == null ? "none" : "***") + "]"; }
    }

    /** The outbox and its delivery worker: pace, retries, and when a delivery is given up (dead letter). */
    public static class Delivery {
        private boolean enabled = true;
        /** How often the worker looks for due deliveries. */
        @NotNull private Duration pollInterval = Duration.ofMillis(200);
        /** How many outbox rows one pass takes at most (in id order). */
        @Min(1) @Max(100000) private int batchSize = 2000;
        /** People delivered to in parallel (each person's deliveries stay in order). */
        @Min(1) @Max(256) private int parallelism = 16;
        /** Attempts before a delivery is dead-lettered. */
        @Min(1) @Max(100) private int maxAttempts = 8;
        /** First retry delay; doubled each attempt up to {@code max-backoff}. */
        @NotNull private Duration initialBackoff = Duration.ofSeconds(1);
        @NotNull private Duration maxBackoff = Duration.ofMinutes(5);
        /** Connect and response timeout per push. */
        @NotNull private Duration timeout = Duration.ofSeconds(10);
        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public Duration getPollInterval() { return pollInterval; }
        public void setPollInterval(Duration pollInterval) { this.pollInterval = pollInterval; }
        public int getBatchSize() { return batchSize; }
        public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
        public int getParallelism() { return parallelism; }
        public void setParallelism(int parallelism) { this.parallelism = parallelism; }
        public int getMaxAttempts() { return maxAttempts; }
        public void setMaxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; }
        public Duration getInitialBackoff() { return initialBackoff; }
        public void setInitialBackoff(Duration initialBackoff) { this.initialBackoff = initialBackoff; }
        public Duration getMaxBackoff() { return maxBackoff; }
        public void setMaxBackoff(Duration maxBackoff) { this.maxBackoff = maxBackoff; }
        public Duration getTimeout() { return timeout; }
        public void setTimeout(Duration timeout) { this.timeout = timeout; }
    }

    /** Where the declarative mappings are read from. */
    public static class Mappings {
        @NotNull private Path location = Path.of("mappings");
        public Path getLocation() { return location; }
        public void setLocation(Path location) { this.location = location; }
    }

    /** The one endpoint between the inbox and processing (seda here; a Kafka topic when scaled out). */
    public static class Handoff {
        @NotBlank private String uri = "seda:inbox-handoff?size=10000&blockWhenFull=true";
        public String getUri() { return uri; }
        public void setUri(String uri) { this.uri = uri; }
    }

    /** Processing of committed inbox messages; off means listeners still commit and acknowledge, nothing is processed. */
    public static class Processing {
        private boolean enabled = true;
        /** How many waiting messages are processed in one transaction at most. */
        @Min(1) @Max(10000) private int batchSize = 100;
        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public int getBatchSize() { return batchSize; }
        public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
    }

    /** The shared care record. */
    public static class Record {
        /** Key for deriving resource ids from source keys; generated and kept in the database when unset. */
        private String idSecret;
        public String getIdSecret() { return idSecret; }
        public void setIdSecret(String idSecret) { this.idSecret = idSecret; }
    }

    /** An operations client (the operations API and actuator); the map key is its OAuth2 client id. */
    public static class Operator {
        /** Spring-encoded secret: {@code {bcrypt}...} or {@code {noop}...}. */
        @NotBlank private String clientSecret;
        public String getClientSecret() { return clientSecret; }
        public void setClientSecret(String clientSecret) { this.clientSecret = clientSecret; }
    }

    /** The built-in token endpoint (used when no external issuer is configured). */
    public static class Security {
        /** The tokens' {@code iss}; derived from each token request's URL when unset. */
        private String issuer;
        /** How long an access token from the built-in endpoint stays valid. */
        @NotNull private Duration tokenTtl = Duration.ofMinutes(15);
        @Valid private final SigningKey signingKey = new SigningKey();
        public String getIssuer() { return issuer; }
        public void setIssuer(String issuer) { this.issuer = issuer; }
        public Duration getTokenTtl() { return tokenTtl; }
        public void setTokenTtl(Duration tokenTtl) { this.tokenTtl = tokenTtl; }
        public SigningKey getSigningKey() { return signingKey; }
    }

    /** The RSA key signing the built-in endpoint's tokens; generated at each start when no location is set. */
    public static class SigningKey {
        /** A PEM PKCS#8 RSA private key ({@code -----BEGIN PRIVATE KEY-----}), e.g. {@code file:/etc/carehub/jwt-signing.pem}. */
        private Resource location;
        /** The JWK key id ({@code kid}); the key's thumbprint when unset. */
        private String id;
        public Resource getLocation() { return location; }
        public void setLocation(Resource location) { this.location = location; }
        public String getId() { return id; }
        public void setId(String id) { this.id = id; }
    }

    /** The data sharing agreements and the national data opt-out list (governance). */
    public static class Agreements {
        /** Folder of agreement files ({@code *.yml}); a bad file stops the hub naming file and line. */
        @NotNull private Path location = Path.of("agreements");
        /** File of NHS numbers on the national data opt-out (one a line); re-read when it changes; absent means nobody. */
        @NotNull private Path nationalOptOut = Path.of("data/national-opt-out.txt");
        public Path getLocation() { return location; }
        public void setLocation(Path location) { this.location = location; }
        public Path getNationalOptOut() { return nationalOptOut; }
        public void setNationalOptOut(Path nationalOptOut) { this.nationalOptOut = nationalOptOut; }
    }
}
