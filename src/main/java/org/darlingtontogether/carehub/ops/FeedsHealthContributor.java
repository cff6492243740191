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
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.stereotype.Component;

/**
 * The {@code feeds} component of {@code /actuator/health}: one {@link FeedHealthIndicator} per configured partner
 * ({@code carehub.partners.*}), e.g. {@code feeds.cddft}, {@code feeds.phd} (a FHIR feed: its standing and watermarks);
 * partners with an SFTP drop ({@code dbc}, {@code ccg}) as {@link SftpFeedHealthIndicator}.
 */
@Component
public class FeedsHealthContributor implements CompositeHealthContributor {

    private final CompositeHealthContributor feeds;

    /** Without FHIR feeds (MLLP and SFTP partners only). */
    public FeedsHealthContributor(CamelContext camel, InboxStatistics statistics, CarehubProperties properties,
                                  SftpPollStatus sftpPolls) {
        this(camel, statistics, properties, sftpPolls, null, null);
    }

    @org.springframework.beans.factory.annotation.Autowired
    public FeedsHealthContributor(CamelContext camel, InboxStatistics statistics, CarehubProperties properties,
                                  SftpPollStatus sftpPolls, FhirFeedPoller fhirFeeds, FhirWatermarks watermarks) {
        Map<String, HealthIndicator> byPartner = new LinkedHashMap<>();
        properties.getPartners().forEach((partner, config) -> {
            if (config.getSftp() != null) {
                byPartner.put(partner, new SftpFeedHealthIndicator(partner, config.getSftp(),
                        new FeedHealthIndicator(partner, null, camel, statistics), sftpPolls));
            } else {
                byPartner.put(partner, new FeedHealthIndicator(partner, config.getMllp().getPort(), camel, statistics,
                        fhirFeeds, watermarks));
            }
        });
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
