package org.darlingtontogether.carehub.govern;

import java.time.LocalDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * When an agreement version's last day has passed, the API stops sharing under it at once (every read is decided on
 * today's date); this records the retractions due for what consumers were shown under it. Checked at start and every
 * night just after midnight; each ended version is swept once (remembered in {@code hub_setting}).
 */
@Component
@EnableScheduling
public class AgreementEndings {

    private static final Logger log = LoggerFactory.getLogger(AgreementEndings.class);

    private final Agreements agreements;
    private final Retractions retractions;
    private final JdbcClient jdbc;
    private final ConsumerAccess access;

    public AgreementEndings(Agreements agreements, Retractions retractions, JdbcClient jdbc, ConsumerAccess access) {
        this.agreements = agreements;
        this.retractions = retractions;
        this.jdbc = jdbc;
        this.access = access;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Scheduled(cron = "0 5 0 * * *", zone = "Europe/London")
    public void sweep() {
        LocalDate today = access.today();
        for (Agreement agreement : agreements.all()) {
            if (agreement.validTo() == null || !agreement.validTo().isBefore(today)) {
                continue;
            }
            String marker = marker(agreement);
            if (jdbc.sql("select count(*) from hub_setting where setting_name = ?").param(marker).query(Long.class).single() > 0) {
                continue;
            }
            int due = retractions.agreementEnded(agreement);
            jdbc.sql("insert into hub_setting (setting_name, setting_value) values (?, ?)").params(marker, String.valueOf(agreement.validTo())).update();
            log.info("agreement {} ended on {}: {} retractions due", agreement.label(), agreement.validTo(), due);
        }
    }

    private static String marker(Agreement ended) {
        String name = "agreement-ended:" + ended.label();
        return name.length() > 64 ? name.substring(0, 64) : name;
    }
}
