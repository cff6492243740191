package org.darlingtontogether.carehub.ops;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.feed.FhirFeedPoller;
import org.darlingtontogether.carehub.feed.FhirWatermarks;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.stereotype.Component;

/**
 * The {@code feeds} component of {@code /actuator/health}: one {@link FeedHealthIndicator} per configured partner
 * ({@code carehub.partners.*}), e.g. {@code feeds.cddft}, {@code feeds.phd} (a FHIR feed: its standing and watermarks).
 */
@Component
public class FeedsHealthContributor implements CompositeHealthContributor {

    private final CompositeHealthContributor feeds;

    public FeedsHealthContributor(CamelContext camel, InboxStatistics statistics, CarehubProperties properties) {
        this(camel, statistics, properties, null, null);
    }

    @org.springframework.beans.factory.annotation.Autowired
    public FeedsHealthContributor(CamelContext camel, InboxStatistics statistics, CarehubProperties properties,
                                  FhirFeedPoller fhirFeeds, FhirWatermarks watermarks) {
        Map<String, FeedHealthIndicator> byPartner = new LinkedHashMap<>();
        properties.getPartners().forEach((partner, config) ->
                byPartner.put(partner, new FeedHealthIndicator(partner, config.getMllp().getPort(), camel, statistics, fhirFeeds, watermarks)));
        this.feeds = CompositeHealthContributor.fromMap(byPartner);
    }

    @Override
    public HealthContributor getContributor(String name) {
        return feeds.getContributor(name);
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        return feeds.iterator();
    }
}
