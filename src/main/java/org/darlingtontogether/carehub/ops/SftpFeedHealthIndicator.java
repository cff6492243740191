package org.darlingtontogether.carehub.ops;

import org.darlingtontogether.carehub.config.CarehubProperties;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * A partner's SFTP feed: off (UNKNOWN, and why) while no host is set; otherwise as its routes and inbox counts say
 * ({@link FeedHealthIndicator}), and DOWN while its polls fail (server unreachable, host key not the one in
 * known_hosts, authentication refused), with the failure as a detail.
 */
public class SftpFeedHealthIndicator implements HealthIndicator {

    private final String partner;
    private final CarehubProperties.Sftp sftp;
    private final FeedHealthIndicator routes;
    private final SftpPollStatus polls;

    public SftpFeedHealthIndicator(String partner, CarehubProperties.Sftp sftp, FeedHealthIndicator routes, SftpPollStatus polls) {
        this.partner = partner;
        this.sftp = sftp;
        this.routes = routes;
        this.polls = polls;
    }

    @Override
    public Health health() {
        if (!sftp.isEnabled()) {
            return Health.unknown()
                    .withDetail("state", "off")
                    .withDetail("reason", "no carehub.partners." + partner + ".sftp.host set")
                    .build();
        }
        Health base = routes.health();
        Health.Builder health = Health.status(base.getStatus()).withDetails(base.getDetails())
                .withDetail("transport", "sftp")
                .withDetail("host", sftp.getHost())
                .withDetail("port", sftp.getPort())
                .withDetail("directory", sftp.getDirectory());
        if (sftp.isSimulated()) {
            health.withDetail("simulated", true);
        }
        polls.state(partner).ifPresent(state -> {
            if (state.lastSuccessAt() != null) {
                health.withDetail("lastPollAt", state.lastSuccessAt().toString());
            }
            if (state.failing()) {
                health.status(Status.DOWN)
                        .withDetail("lastFailureAt", state.lastFailureAt().toString())
                        .withDetail("lastFailure", state.lastFailure());
            }
        });
        return health.build();
    }
}
