package org.darlingtontogether.carehub.api.security;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The OAuth2 clients the hub knows, from {@code carehub.consumers.*} and {@code carehub.operators.*}, checked at
 * start: a consumer with an unknown purpose, a secret not in Spring's encoded form, or an id used twice stops the
 * hub with a message naming the entry.
 */
@Component
public class HubClients {

    /** Scope a consumer's token carries to read the FHIR API. */
    public static final String FHIR_READ_SCOPE = "fhir.read";
    /** Scope an operator's token carries for the operations API and actuator. */
    public static final String OPS_SCOPE = "ops";
    /** Scope an IG lead's token carries to record consent directives ({@code POST/PUT /fhir/Consent}). */
    public static final String CONSENT_WRITE_SCOPE = "consent.write";
    /** Scope an IG lead's token carries for governance reports ({@code /api/governance/**}; operators may too). */
    public static final String GOVERNANCE_SCOPE = "governance";
    /** Scope an IG lead's token carries for the audit trail ({@code /api/audit/**}, {@code GET /fhir/AuditEvent}). */
    public static final String AUDIT_SCOPE = "audit";

    private static final Logger log = LoggerFactory.getLogger(HubClients.class);
    private static final Pattern ENCODED_SECRET = Pattern.compile("^\\{[A-Za-z0-9_-]+}.+");
    private static final Pattern BCRYPT = Pattern.compile("^\\{bcrypt}\\$2[aby]?\\$\\d\\d\\$[./0-9A-Za-z]{53}$");
    private static final Pattern CLIENT_ID = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");

    /** A configured client: who it is and its encoded secret. */
    public record Client(HubCaller caller, String encodedSecret) {
    }

    private final Map<String, Client> clients;

    public HubClients(CarehubProperties properties) {
        this.clients = Collections.unmodifiableMap(check(properties));
    }

    public Optional<Client> byId(String clientId) {
        return Optional.ofNullable(clientId).map(clients::get);
    }

    public Optional<HubCaller> caller(String clientId) {
        return byId(clientId).map(Client::caller);
    }

    public List<Client> all() {
        return List.copyOf(clients.values());
    }

    static Map<String, Client> check(CarehubProperties properties) {
        List<String> problems = new ArrayList<>();
        Map<String, Client> clients = new LinkedHashMap<>();
        properties.getConsumers().forEach((id, consumer) -> {
            String where = "carehub.consumers." + id;
            checkId(where, id, problems);
            checkSecret(where, consumer.getClientSecret(), problems);
            if (!consumer.isDataConsumer()) {
                // an information governance lead: records consent directives, reads no patient data
                clients.put(id, new Client(new HubCaller(id, HubCaller.Kind.IG_LEAD, null), consumer.getClientSecret()));
                return;
            }
            Optional<Purpose> purpose = Purpose.fromCode(consumer.getPurpose());
            if (purpose.isEmpty()) {
                problems.add(where + ".purpose: consumer '" + id + "' has purpose '" + consumer.getPurpose()
                        + "', which is not a known purpose (known: " + Purpose.knownCodes() + ")");
            }
            clients.put(id, new Client(new HubCaller(id, HubCaller.Kind.CONSUMER, purpose.orElse(null)), consumer.getClientSecret()));
        });
        properties.getOperators().forEach((id, operator) -> {
            String where = "carehub.operators." + id;
            checkId(where, id, problems);
            checkSecret(where, operator.getClientSecret(), problems);
            if (clients.containsKey(id)) {
                problems.add(where + ": '" + id + "' is also configured as a consumer; a client id names one client");
            }
            clients.put(id, new Client(new HubCaller(id, HubCaller.Kind.OPERATOR, null), operator.getClientSecret()));
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid API client configuration:\n  - " + String.join("\n  - ", problems));
        }
        clients.forEach((id, client) -> {
            if (client.encodedSecret().startsWith("{noop}")) {
                log.warn("Client '{}' has a {noop} (plaintext) secret: use {bcrypt} outside development", id);
            }
        });
        return clients;
    }

    private static void checkId(String where, String id, List<String> problems) {
        if (!CLIENT_ID.matcher(id).matches()) {
            problems.add(where + ": client id '" + id + "' must be lower-case letters, digits and dashes");
        }
    }

    private static void checkSecret(String where, String secret, List<String> problems) {
        if (secret == null || secret.isBlank()) {
            problems.add(where + ".client-secret is missing");
        } else if (!ENCODED_SECRET.matcher(secret).matches()) {
            problems.add(where + ".client-secret must be in Spring's encoded form, {bcrypt}... or {noop}...");
        } else if (secret.startsWith("{bcrypt}") && !BCRYPT.matcher(secret).matches()) {
            problems.add(where + ".client-secret is not a whole bcrypt hash ({bcrypt}$2a$10$ and 53 characters)");
        }
    }
}
