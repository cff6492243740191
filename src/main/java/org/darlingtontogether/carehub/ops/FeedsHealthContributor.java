package org.darlingtontogether.carehub.ops;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.stereotype.Component;

/**
 * The {@code feeds} component of {@code /actuator/health}: one {@link FeedHealthIndicator} per configured partner
 * ({@code carehub.partners.*}), e.g. {@code feeds.cddft}; partners with an SFTP drop ({@code dbc}, {@code ccg}) as
 * {@link SftpFeedHealthIndicator}.
 */
@Component
public class FeedsHealthContributor implements CompositeHealthContributor {

    private final CompositeHealthContributor feeds;

    public FeedsHealthContributor(CamelContext camel, InboxStatistics statistics, CarehubProperties properties,
                                  SftpPollStatus sftpPolls) {
        Map<String, HealthIndicator> byPartner = new LinkedHashMap<>();
        properties.getPartners().forEach((partner, config) -> {
            if (config.getSftp() != null) {
                byPartner.put(partner, new SftpFeedHealthIndicator(partner, config.getSftp(),
                        new FeedHealthIndicator(partner, null, camel, statistics), sftpPolls));
            } else {
                byPartner.put(partner, new FeedHealthIndicator(partner, config.getMllp().getPort(), camel, statistics));
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
