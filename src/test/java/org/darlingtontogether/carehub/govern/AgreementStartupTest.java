package org.darlingtontogether.carehub.govern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.UUID;
import org.darlingtontogether.carehub.CareHubApplication;
import org.darlingtontogether.carehub.support.HubTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** A bad agreement file stops the hub at start-up, and the message names the file, the line and the problem. */
class AgreementStartupTest {

    @Test
    void aBadAgreementFileStopsTheHubNamingFileAndLine() {
        Throwable failure = catchThrowable(() -> {
            try (ConfigurableApplicationContext hub = new SpringApplicationBuilder(CareHubApplication.class).profiles("test").run(
                    "--carehub.agreements.location=src/test/resources/agreements/broken",
                    "--server.port=0",
                    "--carehub.partners.cddft.mllp.port=" + HubTestBase.freePort(),
                    "--carehub.partners.cddft.mllp.host=127.0.0.1",
                    "--spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE")) {
                hub.getBean(Agreements.class);
            }
        });
        assertThat(failure).as("the hub must not start").isNotNull();
        Throwable cause = failure;
        while (!(cause instanceof AgreementLoadException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertThat(cause).isInstanceOf(AgreementLoadException.class)
                .hasMessage("broken/dsa.yml line 13: rules[0].consumers[1]: 'mdt-frail' is not a known consumer (known: "
                        + "mdt-frail-elderly, mdt-high-impact, ltc-collaborative, care-hub, navigator, planning)");
    }
}
