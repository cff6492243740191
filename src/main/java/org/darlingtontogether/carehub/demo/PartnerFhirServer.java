package org.darlingtontogether.carehub.demo;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntryTransactionMethodEnum;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Since;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Date;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;

/**
 * A partner's FHIR R4 server on loopback, for the demo, the tests and the benchmark: HAPI's RestfulServer in its own
 * embedded Tomcat on a free port, holding resources in memory, searchable by {@code _lastUpdated} (ge/gt/le/lt),
 * sorted by {@code _lastUpdated}, paged by {@code _count} with {@code next} links as a real server pages. Each write
 * makes a new version with a later {@code meta.lastUpdated}; a delete shows in the type's {@code _history?_since=}. Optionally it wants a bearer token (a static one, or one
 * from its own OAuth2 client-credentials endpoint {@code /oauth2/token}); tests can queue faults (a status with
 * headers, or a canned body) for the next matching requests, and read which requests it saw.
 */
public final class PartnerFhirServer implements AutoCloseable {

    /** The FHIR base path on the server. */
    public static final String BASE_PATH = "/fhir";

    /** What the server answers instead of the real thing, once, to a matching request. */
    public record Fault(Predicate<String> matches, int status, Map<String, String> headers, String body) {
        public static Fault status(int status, Map<String, String> headers) {
            return new Fault(any -> true, status, headers, null);
        }

        public static Fault body(Predicate<String> matches, String body) {
            return new Fault(matches, 200, Map.of("Content-Type", "application/fhir+json"), body);
        }

        public Fault when(Predicate<String> requestMatches) {
            return new Fault(requestMatches, status, headers, body);
        }
    }

    private final FhirContext fhir;
    private final Map<String, Map<String, Resource>> current = new ConcurrentHashMap<>();
    /** Every version of every resource, deletions included, in the order they happened (for _history). */
    private final Map<String, List<Resource>> versions = new ConcurrentHashMap<>();
    private final Map<String, Integer> latestVersions = new ConcurrentHashMap<>();
    private final Deque<Fault> faults = new ConcurrentLinkedDeque<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Set<String> acceptedTokens = ConcurrentHashMap.newKeySet();
    private volatile boolean tokenRequired;
    private volatile String clientId;
    private volatile String clientSecret;
    private long clock;
    private WebServer server;

    public PartnerFhirServer(FhirContext fhir, List<String> resourceTypes) {
        this.fhir = fhir;
        for (String type : resourceTypes) {
            current.put(type, new ConcurrentHashMap<>());
            versions.put(type, new CopyOnWriteArrayList<>());
        }
    }

    /** Starts on 127.0.0.1, on a free port. */
    public PartnerFhirServer start() {
        RestfulServer restful = new RestfulServer(fhir);
        restful.setDefaultResponseEncoding(EncodingEnum.JSON);
        FifoMemoryPagingProvider paging = new FifoMemoryPagingProvider(200);
        paging.setDefaultPageSize(50);
        paging.setMaximumPageSize(1000);
        restful.setPagingProvider(paging);
        List<IResourceProvider> providers = new ArrayList<>();
        for (String type : current.keySet()) {
            providers.add(new TypeProvider(this, type, fhir.getResourceDefinition(type).getImplementingClass()));
        }
        restful.setResourceProviders(providers);
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
        factory.setAddress(InetAddress.getLoopbackAddress());
        factory.setRegisterDefaultServlet(false);
        server = factory.getWebServer(context -> {
            context.addServlet("fhir", restful).addMapping(BASE_PATH + "/*");
            context.addServlet("token", new TokenServlet(this)).addMapping("/oauth2/token");
            context.addFilter("partner", new PartnerFilter(this)).addMappingForUrlPatterns(null, false, BASE_PATH + "/*");
        });
        server.start();
        return this;
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getPort() + BASE_PATH);
    }

    public URI tokenUrl() {
        return URI.create("http://127.0.0.1:" + server.getPort() + "/oauth2/token");
    }

    @Override
    public void close() {
        if (server != null) {
            // stop and release Tomcat's threads, so a JVM that only ran this server can end
            server.stop();
            server.destroy();
        }
    }

    // ---- content

    /** Creates or updates: a new version, last updated now (later than anything before it). Returns the stored copy. */
    public synchronized Resource put(Resource resource) {
        clock = Math.max(clock + 1, System.currentTimeMillis());
        return store(resource, clock);
    }

    /**
     * A write committed late, as a real server's long transaction is: stamped {@code lastUpdated} (when it began, before
     * writes already served) but visible in searches only from now on.
     */
    public synchronized Resource putCommittedLate(Resource resource, Instant lastUpdated) {
        return store(resource, lastUpdated.toEpochMilli());
    }

    /**
     * Records the partner already holds, all visible at once (no search sees some of them): stamped one after another
     * over the span that ends now, oldest first, as records written over that time are.
     */
    public synchronized void putAllWrittenOver(List<Resource> resources, Duration span) {
        long now = Math.max(clock + 1, System.currentTimeMillis());
        long first = now - span.toMillis();
        // each type's history list is copied on every write: added to once a type, not once a resource
        Map<String, List<Resource>> written = new HashMap<>();
        for (int i = 0; i < resources.size(); i++) {
            Resource stored = keep(resources.get(i), first + span.toMillis() * i / Math.max(1, resources.size()));
            written.computeIfAbsent(stored.fhirType(), t -> new ArrayList<>()).add(stored);
        }
        written.forEach((type, stored) -> versions.get(type).addAll(stored));
        clock = now;
    }

    private Resource store(Resource resource, long lastUpdated) {
        Resource stored = keep(resource, lastUpdated);
        versions.get(stored.fhirType()).add(stored);
        return stored;
    }

    /** The resource as the current version (a copy, with its next version id and time); not yet in the history list. */
    private Resource keep(Resource resource, long lastUpdated) {
        String type = resource.fhirType();
        Map<String, Resource> ofType = current.get(type);
        if (ofType == null) {
            throw new IllegalArgumentException(type + " is not served");
        }
        String id = resource.getIdElement().getIdPart();
        int version = latestVersion(type, id) + 1;
        Resource stored = resource.copy();
        stored.setId(new IdType(type, id, String.valueOf(version)));
        stored.getMeta().setVersionId(String.valueOf(version));
        stored.getMeta().setLastUpdated(new Date(lastUpdated));
        ofType.put(id, stored);
        latestVersions.put(type + "/" + id, version);
        return stored;
    }

    /** Deletes a resource: a search no longer returns it; the type's _history shows a DELETE entry. */
    public synchronized void delete(String type, String id) {
        Resource was = current.get(type).remove(id);
        if (was == null) {
            return;
        }
        Resource tombstone = (Resource) fhir.getResourceDefinition(type).newInstance();
        int version = latestVersion(type, id) + 1;
        tombstone.setId(new IdType(type, id, String.valueOf(version)));
        clock = Math.max(clock + 1, System.currentTimeMillis());
        tombstone.getMeta().setVersionId(String.valueOf(version)).setLastUpdated(new Date(clock));
        ResourceMetadataKeyEnum.ENTRY_TRANSACTION_METHOD.put(tombstone, BundleEntryTransactionMethodEnum.DELETE);
        versions.get(type).add(tombstone);
        latestVersions.put(type + "/" + id, version);
    }

    private int latestVersion(String type, String id) {
        return latestVersions.getOrDefault(type + "/" + id, 0);
    }

    /** Versions last updated at or after {@code since} (all when null), newest first as FHIR history is ordered. */
    List<Resource> history(String type, Date since) {
        List<Resource> found = new ArrayList<>();
        for (Resource r : versions.get(type)) {
            if (since == null || !r.getMeta().getLastUpdated().before(since)) {
                Resource copy = r.copy();
                Object method = ResourceMetadataKeyEnum.ENTRY_TRANSACTION_METHOD.get(r);
                if (method != null) {
                    ResourceMetadataKeyEnum.ENTRY_TRANSACTION_METHOD.put(copy, (BundleEntryTransactionMethodEnum) method);
                }
                found.add(copy);
            }
        }
        found.sort(Comparator.comparing((Resource r) -> r.getMeta().getLastUpdated()).reversed());
        return found;
    }

    public int count(String type) {
        return current.get(type).size();
    }

    // ---- behaviour

    /** Wants a bearer token: this static one, or (see {@link #clientCredentials}) one issued by its token endpoint. */
    public PartnerFhirServer requireToken(String staticTokenOrNull) {
        tokenRequired = true;
        if (staticTokenOrNull != null) {
            acceptedTokens.add(staticTokenOrNull);
        }
        return this;
    }

    /** The client its token endpoint issues tokens to. */
    public PartnerFhirServer clientCredentials(String id, String secret) {
        this.clientId = id;
        this.clientSecret = secret;
        return requireToken(null);
    }

    /** Every token issued so far is no longer accepted (as when tokens expire). */
    public void revokeTokens() {
        acceptedTokens.clear();
    }

    public void addFault(Fault fault) {
        faults.add(fault);
    }

    /** Requests to the FHIR base seen so far (path and query, e.g. {@code /fhir/Patient?_count=...}). */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    public void clearRequests() {
        requests.clear();
    }

    /** A consistent snapshot (writes wait for it), as one database transaction would read. */
    synchronized List<Resource> search(String type, DateRangeParam lastUpdated) {
        List<Resource> found = new ArrayList<>();
        for (Resource r : current.get(type).values()) {
            if (lastUpdated == null || within(r.getMeta().getLastUpdated(), lastUpdated)) {
                found.add(r.copy());
            }
        }
        found.sort(Comparator.comparing((Resource r) -> r.getMeta().getLastUpdated()).thenComparing(r -> r.getIdElement().getIdPart()));
        return found;
    }

    private static boolean within(Date at, DateRangeParam range) {
        return holds(at, range.getLowerBound()) && holds(at, range.getUpperBound());
    }

    private static boolean holds(Date at, DateParam bound) {
        if (bound == null || bound.getValue() == null) {
            return true;
        }
        long a = at.getTime();
        long b = bound.getValue().getTime();
        if (bound.getPrefix() == null) {
            return a == b;
        }
        return switch (bound.getPrefix()) {
            case GREATERTHAN, STARTS_AFTER -> a > b;
            case GREATERTHAN_OR_EQUALS -> a >= b;
            case LESSTHAN, ENDS_BEFORE -> a < b;
            case LESSTHAN_OR_EQUALS -> a <= b;
            case NOT_EQUAL -> a != b;
            default -> a == b;
        };
    }

    /** Read and search of one resource type. */
    public static final class TypeProvider implements IResourceProvider {
        private final PartnerFhirServer server;
        private final String typeName;
        private final Class<? extends IBaseResource> type;

        TypeProvider(PartnerFhirServer server, String typeName, Class<? extends IBaseResource> type) {
            this.server = server;
            this.typeName = typeName;
            this.type = type;
        }

        @Override
        public Class<? extends IBaseResource> getResourceType() {
            return type;
        }

        @Read
        public IBaseResource read(@IdParam IdType id) {
            Resource found = server.current.get(typeName).get(id.getIdPart());
            if (found == null) {
                throw new ResourceNotFoundException(id);
            }
            return found.copy();
        }

        @Search
        public IBundleProvider search(@OptionalParam(name = "_lastUpdated") DateRangeParam lastUpdated, @Sort SortSpec sort,
                                      @Count Integer count) {
            // always in _lastUpdated order (what the hub asks for with _sort=_lastUpdated)
            return new SimpleBundleProvider(new ArrayList<>(server.search(typeName, lastUpdated)));
        }

        /** Type-level history ({@code Type/_history?_since=}), deletions as DELETE entries without a resource. */
        @History
        public IBundleProvider history(@Since InstantType since, @Count Integer count) {
            return new SimpleBundleProvider(new ArrayList<>(server.history(typeName, since == null ? null : since.getValue())));
        }
    }

    /** Token check and faults, in front of the FHIR servlet; records each request. */
    private static final class PartnerFilter implements Filter {
        private final PartnerFhirServer server;

        PartnerFilter(PartnerFhirServer server) {
            this.server = server;
        }

        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
            HttpServletRequest request = (HttpServletRequest) req;
            HttpServletResponse response = (HttpServletResponse) res;
            String target = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
            server.requests.add(target);
            for (Fault fault : server.faults) {
                if (fault.matches().test(target) && server.faults.remove(fault)) {
                    response.setStatus(fault.status());
                    fault.headers().forEach(response::setHeader);
                    if (fault.body() != null) {
                        response.getOutputStream().write(fault.body().getBytes(StandardCharsets.UTF_8));
                    }
                    return;
                }
            }
            if (server.tokenRequired) {
                String auth = request.getHeader("Authorization");
                if (auth == null || !auth.startsWith("Bearer ") || !server.acceptedTokens.contains(auth.substring(7))) {
                    response.setStatus(401);
                    response.setHeader("WWW-Authenticate", "Bearer");
                    return;
                }
            }
            chain.doFilter(req, res);
        }
    }

    /** OAuth2 client credentials (HTTP Basic client authentication), tokens for five minutes as the partners issue them. */
    private static final class TokenServlet extends HttpServlet {
        private final transient PartnerFhirServer server;

        TokenServlet(PartnerFhirServer server) {
            this.server = server;
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String auth = request.getHeader("Authorization");
            String expected = "Basic " + Base64.getEncoder().encodeToString((server.clientId + ":" + server.clientSecret).getBytes(StandardCharsets.UTF_8));
            response.setContentType("application/json");
            if (server.clientId == null || !expected.equals(auth) || !"client_credentials".equals(request.getParameter("grant_type"))) {
                response.setStatus(401);
                response.getWriter().write("{\"error\":\"invalid_client\"}");
                return;
            }
            String token = UUID.randomUUID().toString();
            server.acceptedTokens.add(token);
            response.getWriter().write("{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":300,\"issued_at\":\""
                    + Instant.now() + "\"}");
        }
    }
}
