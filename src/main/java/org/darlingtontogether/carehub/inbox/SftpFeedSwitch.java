package org.darlingtontogether.carehub.inbox;

import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * A partner's SFTP feed is off while no host is set for it (and no simulator stands in): its routes
 * ({@code <partner>-...} reading from {@code sftp:}) are taken out before Camel starts, so nothing tries to connect
 * to nowhere, and the feed's health says it is off.
 */
@Component
@Order(-10)
public class SftpFeedSwitch implements CamelContextConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SftpFeedSwitch.class);

    private final CarehubProperties properties;

    public SftpFeedSwitch(CarehubProperties properties) {
        this.properties = properties;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        Model model = camelContext.getCamelContextExtension().getContextPlugin(Model.class);
        properties.getPartners().forEach((partner, config) -> {
            if (config.getSftp() == null || config.getSftp().isEnabled()) {
                return;
            }
            List<RouteDefinition> off = model.getRouteDefinitions().stream()
                    .filter(route -> route.getRouteId() != null && route.getRouteId().startsWith(partner + "-"))
                    .filter(route -> route.getInput() != null && route.getInput().getEndpointUri().startsWith("sftp:"))
                    .toList();
            try {
                model.removeRouteDefinitions(off);
            } catch (Exception e) {
                throw new IllegalStateException("cannot switch off the " + partner + " SFTP feed", e);
            }
            log.info("{} SFTP feed off: no carehub.partners.{}.sftp.host set", partner, partner);
        });
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
    }
}
