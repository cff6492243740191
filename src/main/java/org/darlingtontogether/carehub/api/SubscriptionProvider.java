package org.darlingtontogether.carehub.api;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.Delete;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.darlingtontogether.carehub.api.security.HubCaller;
import org.darlingtontogether.carehub.deliver.SubscriptionCriteria;
import org.darlingtontogether.carehub.deliver.SubscriptionStore.StoredSubscription;
import org.darlingtontogether.carehub.deliver.SubscriptionStore;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription.SubscriptionChannelType;
import org.hl7.fhir.r4.model.Subscription.SubscriptionStatus;
import org.hl7.fhir.r4.model.Subscription;
import org.springframework.stereotype.Component;

/**
 * FHIR R4 Subscriptions (rest-hook) a consumer manages with its own token: {@code POST /fhir/Subscription} with
 * {@code channel.type = rest-hook}, {@code channel.endpoint} (http or https) and a {@code criteria} the hub serves
 * ({@link SubscriptionCriteria}); read, search and delete its own. Another consumer's Subscription answers 403 with
 * an OperationOutcome. From the moment it is stored, every change the criteria match is pushed there (governed at
 * send time, as for a configured {@code push-url}).
 */
@Component
public class SubscriptionProvider implements IResourceProvider {

    static final Set<String> SERVED_TYPES;

    static {
        Set<String> served = new LinkedHashSet<>();
        served.add("Patient");
        served.addAll(ApiResourceTypes.PERSON_LINKED);
        SERVED_TYPES = Set.copyOf(served);
    }

    private final SubscriptionStore subscriptions;
    private final FhirContext fhir;

    public SubscriptionProvider(SubscriptionStore subscriptions, FhirContext fhir) {
        this.subscriptions = subscriptions;
        this.fhir = fhir;
    }

    @Override
    public Class<? extends IBaseResource> getResourceType() {
        return Subscription.class;
    }

    @Create
    public MethodOutcome create(@ResourceParam Subscription subscription) {
        String consumer = consumer();
        if (subscription.getChannel().getType() != SubscriptionChannelType.RESTHOOK) {
            throw new UnprocessableEntityException("Subscription.channel.type must be rest-hook");
        }
        URI endpoint = endpoint(subscription.getChannel().getEndpoint());
        String payload = subscription.getChannel().getPayload();
        if (payload != null && !payload.isBlank() && !payload.startsWith("application/fhir+json") && !payload.startsWith("application/json")) {
            throw new UnprocessableEntityException("Subscription.channel.payload: the hub pushes application/fhir+json Bundles");
        }
        SubscriptionCriteria criteria;
        try {
            criteria = SubscriptionCriteria.parse(subscription.getCriteria(), SERVED_TYPES);
        } catch (IllegalArgumentException e) {
            throw new UnprocessableEntityException(e.getMessage());
        }
        List<String> headers = subscription.getChannel().getHeader().stream().map(StringType::getValue).toList();
        for (String header : headers) {
            if (header == null || header.indexOf(':') <= 0 || header.contains("\n")) {
                throw new UnprocessableEntityException("Subscription.channel.header entries are 'Name: value'");
            }
        }
        String id = UUID.randomUUID().toString();
        subscription.setId(new IdType("Subscription", id));
        subscription.setStatus(SubscriptionStatus.ACTIVE);
        subscription.getChannel().setPayload("application/fhir+json");
        subscription.setMeta(null);
        subscriptions.add(new StoredSubscription(id, consumer, subscription.getCriteria().strip(), criteria.resourceType(), criteria.nhsNumber(),
                endpoint, headers, "active", Instant.now(), fhir.newJsonParser().encodeResourceToString(subscription)));
        return new MethodOutcome(new IdType("Subscription", id), true).setResource(subscription);
    }

    @Read
    public Subscription read(@IdParam IdType id) {
        return toResource(own(id));
    }

    @Search
    public List<Subscription> mine() {
        return subscriptions.ofConsumer(consumer()).stream().map(this::toResource).toList();
    }

    @Delete
    public MethodOutcome delete(@IdParam IdType id) {
        subscriptions.delete(own(id).id());
        return new MethodOutcome();
    }

    /** The Subscription, when it is the caller's; 404 when there is none, 403 when it is another consumer's. */
    private StoredSubscription own(IdType id) {
        StoredSubscription stored = subscriptions.find(id.getIdPart())
                .orElseThrow(() -> new ResourceNotFoundException(new IdType("Subscription", id.getIdPart())));
        if (!stored.consumer().equals(consumer())) {
            throw new ForbiddenOperationException("Subscription/" + id.getIdPart() + " belongs to another consumer");
        }
        return stored;
    }

    private Subscription toResource(StoredSubscription stored) {
        Subscription subscription = fhir.newJsonParser().parseResource(Subscription.class, stored.content());
        subscription.setId(new IdType("Subscription", stored.id()));
        subscription.setStatus(SubscriptionStatus.fromCode(stored.status()));
        return subscription;
    }

    private static String consumer() {
        return HubCaller.current().filter(HubCaller::isConsumer).map(HubCaller::clientId)
                .orElseThrow(() -> new ForbiddenOperationException("Subscriptions are managed by a configured consumer with its own token"));
    }

    private static URI endpoint(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            throw new UnprocessableEntityException("Subscription.channel.endpoint is required (the consumer's https URL)");
        }
        try {
            URI uri = URI.create(endpoint.strip());
            if (!("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme())) || uri.getHost() == null) {
                throw new InvalidRequestException("Subscription.channel.endpoint must be an absolute http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new UnprocessableEntityException("Subscription.channel.endpoint is not a URL");
        }
    }
}
