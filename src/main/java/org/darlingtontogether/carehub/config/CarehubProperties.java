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
    @Valid private final SftpFeeds sftp = new SftpFeeds();
    @Valid private final Agreements agreements = new Agreements();
    @Valid private final Delivery delivery = new Delivery();
    @Valid private Map<String, IgUser> igUsers = new LinkedHashMap<>();

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
    public SftpFeeds getSftp() { return sftp; }
    public Agreements getAgreements() { return agreements; }
    public Delivery getDelivery() { return delivery; }
    public Map<String, IgUser> getIgUsers() { return igUsers; }
    public void setIgUsers(Map<String, IgUser> igUsers) { this.igUsers = igUsers; }

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
        /** Null for a partner without an SFTP drop. */
        @Valid private Sftp sftp;
        public Mllp getMllp() { return mllp; }
        public void setMllp(Mllp mllp) { this.mllp = mllp; }
        public Sftp getSftp() { return sftp; }
        public void setSftp(Sftp sftp) { this.sftp = sftp; }

        // ---- a FHIR R4 feed (phd, tewv): polled incrementally with _lastUpdated
        /** The partner's FHIR base, e.g. {@code https://fhir.phd.example/R4}; unset (and not simulated) means the feed is off. */
        private java.net.URI baseUrl;
        /** How often each resource type is polled (ISO-8601 {@code PT1M} or Spring {@code 1m}). */
        @NotNull private Duration pollInterval = Duration.ofMinutes(1);
        /** Resources per page asked for ({@code _count}). */
        @Min(1) @Max(1000) private int pageSize = 200;
        /** The resource types polled, in this order (Patient first, so other resources find their person). */
        @NotNull private java.util.List<String> resourceTypes = new java.util.ArrayList<>(java.util.List.of("Patient", "Encounter",
                "Condition", "AllergyIntolerance", "MedicationStatement", "Observation", "CarePlan", "Consent"));
        /** Connect and read timeout of each request to the partner. */
        @NotNull private Duration timeout = Duration.ofSeconds(30);
        /** After the partner refused the hub's credentials (401/403), how long before trying again. */
        @NotNull private Duration authRetryInterval = Duration.ofMinutes(15);
        /**
         * How long a change may take to show in the partner's search after its {@code meta.lastUpdated} (a write committed
         * late, behind later ones): the watermark stays this far behind the partner's clock, and what is read again is
         * recognised by key and not taken twice.
         */
        @NotNull private Duration settleTime = Duration.ofSeconds(5);
        @Valid private FhirAuth auth = new FhirAuth();
        public java.net.URI getBaseUrl() { return baseUrl; }
        public void setBaseUrl(java.net.URI baseUrl) { this.baseUrl = baseUrl; }
        public Duration getPollInterval() { return pollInterval; }
        public void setPollInterval(Duration pollInterval) { this.pollInterval = pollInterval; }
        public int getPageSize() { return pageSize; }
        public void setPageSize(int pageSize) { this.pageSize = pageSize; }
        public java.util.List<String> getResourceTypes() { return resourceTypes; }
        public void setResourceTypes(java.util.List<String> resourceTypes) { this.resourceTypes = resourceTypes; }
        public Duration getTimeout() { return timeout; }
        public void setTimeout(Duration timeout) { this.timeout = timeout; }
        public Duration getAuthRetryInterval() { return authRetryInterval; }
        public void setAuthRetryInterval(Duration authRetryInterval) { this.authRetryInterval = authRetryInterval; }
        public Duration getSettleTime() { return settleTime; }
        public void setSettleTime(Duration settleTime) { this.settleTime = settleTime; }
        public FhirAuth getAuth() { return auth; }
        public void setAuth(FhirAuth auth) { this.auth = auth; }
    }

    /**
     * How the hub authenticates to a partner's FHIR server: OAuth2 client credentials ({@code token-url},
     * {@code client-id}, {@code client-secret-ref}), a static bearer token ({@code bearer-token-ref}), and/or mutual TLS
     * ({@code ssl-bundle}: a Spring SSL bundle, {@code spring.ssl.bundle.jks.<name>.keystore/truststore}). Secrets are
     * references only: {@code env:NAME} or {@code file:/path}.
     */
    public static class FhirAuth {
        private java.net.URI tokenUrl;
        private String clientId;
        @jakarta.validation.constraints.Pattern(regexp = "^(env:|file:).+", message = "must be env:NAME or file:/path")
        private String clientSecretRef;
        private String scope;
        @jakarta.validation.constraints.Pattern(regexp = "^(env:|file:).+", message = "must be env:NAME or file:/path")
        private String bearerTokenRef;
        private String sslBundle;
        public java.net.URI getTokenUrl() { return tokenUrl; }
        public void setTokenUrl(java.net.URI tokenUrl) { this.tokenUrl = tokenUrl; }
        public String getClientId() { return clientId; }
        public void setClientId(String clientId) { this.clientId = clientId; }
        public String getClientSecretRef() { return clientSecretRef; }
        public void setClientSecretRef(String clientSecretRef) { this.clientSecretRef = clientSecretRef; }
        public String getScope() { return scope; }
        public void setScope(String scope) { this.scope = scope; }
        public String getBearerTokenRef() { return bearerTokenRef; }
        public void setBearerTokenRef(String bearerTokenRef) { this.bearerTokenRef = bearerTokenRef; }
        public String getSslBundle() { return sslBundle; }
        public void setSslBundle(String sslBundle) { this.sslBundle = sslBundle; }

        @jakarta.validation.constraints.AssertTrue(message = "OAuth2 client credentials need token-url, client-id and client-secret-ref together")
        public boolean isOauth2Complete() {
            boolean any = tokenUrl != null || clientId != null || clientSecretRef != null;
            return !any || (tokenUrl != null && clientId != null && clientSecretRef != null);
        }

        @jakarta.validation.constraints.AssertTrue(message = "use either OAuth2 client credentials or a static bearer token, not both")
        public boolean isOneTokenSource() {
            return tokenUrl == null || bearerTokenRef == null;
        }
    }

    /**
     * A partner's SFTP drop the hub collects files from. Off while no host is set (and no simulator stands in):
     * its route does not start and its health says so.
     */
    public static class Sftp {
        private String host;
        @Min(1) @Max(65535) private int port = 22;
        private String username;
        /** Password authentication; or {@link #privateKey}. From the environment or a secrets file, never committed. */
        private String password;
        /** Path of a private key file (OpenSSH or PEM) for key authentication. */
        private String privateKey;
        /** Path of the known_hosts file holding the server's host key: the connection is refused on any mismatch. */
        private String knownHosts;
        /** The folder on the server where the partner drops files; processed/ and failed/ are made inside it. */
        @NotBlank private String directory = "outbox";
        /** How long to wait between polls, e.g. 30s or 5m. */
        @NotNull private Duration pollDelay = Duration.ofSeconds(30);
        /** True while the demo's simulated server stands in for the partner's (set by the simulator, not by hand). */
        private boolean simulated;

        /** On when a host is set. */
        public boolean isEnabled() { return host != null && !host.isBlank(); }

        @jakarta.validation.constraints.AssertTrue(message = "an SFTP feed with a host needs a username, known-hosts, and a password or private-key")
        public boolean isComplete() {
            return !isEnabled() || notBlank(username) && notBlank(knownHosts) && (notBlank(password) || notBlank(privateKey));
        }

        private static boolean notBlank(String value) { return value != null && !value.isBlank(); }

        public String getHost() { return host; }
        public void setHost(String host) { this.host = host; }
        public int getPort() { return port; }
        public void setPort(int port) { this.port = port; }
        public String getUsername() { return username; }
        public void setUsername(String username) { this.username = username; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
        public String getPrivateKey() { return privateKey; }
        public void setPrivateKey(String privateKey) { this.privateKey = privateKey; }
        public String getKnownHosts() { return knownHosts; }
        public void setKnownHosts(String knownHosts) { this.knownHosts = knownHosts; }
        public String getDirectory() { return directory; }
        public void setDirectory(String directory) { this.directory = directory; }
        public Duration getPollDelay() { return pollDelay; }
        public void setPollDelay(Duration pollDelay) { this.pollDelay = pollDelay; }
        public boolean isSimulated() { return simulated; }
        public void setSimulated(boolean simulated) { this.simulated = simulated; }
    }

    /** What all SFTP feeds share: how files are read into the inbox and claimed. */
    public static class SftpFeeds {
        /** Rows committed to the inbox per transaction. */
        @Min(1) @Max(50000) private int batchSize = 1000;
        /** A file claim neither confirmed nor released for this long is taken to be an instance that died mid-file. */
        @NotNull private Duration claimLease = Duration.ofMinutes(10);
        /** Local folder files are downloaded into before reading (one sub-folder per partner). */
        @NotBlank private String workDirectory = "data/sftp-work";
        public int getBatchSize() { return batchSize; }
        public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
        public Duration getClaimLease() { return claimLease; }
        public void setClaimLease(Duration claimLease) { this.claimLease = claimLease; }
        public String getWorkDirectory() { return workDirectory; }
        public void setWorkDirectory(String workDirectory) { this.workDirectory = workDirectory; }
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
        /**
         * How many threads prepare a batch (parse, identify, map, encode) of messages that do not depend on one another
         * (HL7 v2, CSV rows); 0 (the default) means one per processor. FHIR resources are prepared in order on one.
         */
        @Min(0) @Max(64) private int prepareThreads = 0;
        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public int getBatchSize() { return batchSize; }
        public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
        public int getPrepareThreads() { return prepareThreads; }
        public void setPrepareThreads(int prepareThreads) { this.prepareThreads = prepareThreads; }
        /** {@link #getPrepareThreads()}, with 0 resolved to the processors this JVM may use. */
        public int prepareThreadsInUse() { return prepareThreads > 0 ? prepareThreads : Runtime.getRuntime().availableProcessors(); }
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

    /** A person who signs in to the IG console ({@code /console}); the map key is the user name. */
    public static class IgUser {
        /** Spring-encoded password: {@code {bcrypt}...} (or {@code {noop}...} for throwaway local tests). */
        @NotBlank private String password;
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
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
