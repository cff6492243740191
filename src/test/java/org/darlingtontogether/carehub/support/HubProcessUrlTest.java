package org.darlingtontogether.carehub.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The H2 URL the crash tests and benchmarks run the hub with: the shipped one, with what a test or what-if sets. */
class HubProcessUrlTest {

    @Test
    void optionsReplaceTheUrlsOwnSettingOfAKeyOrAreAppended() {
        String url = "jdbc:h2:file:/tmp/x/carehub;WRITE_DELAY=100;CACHE_SIZE=4096;MODE=PostgreSQL";

        assertThat(HubProcess.withOptions(url, ";CACHE_SIZE=16384;RETENTION_TIME=0"))
                .isEqualTo("jdbc:h2:file:/tmp/x/carehub;WRITE_DELAY=100;CACHE_SIZE=16384;MODE=PostgreSQL;RETENTION_TIME=0");
        assertThat(HubProcess.withOptions(url, ";WRITE_DELAY=0")).isEqualTo(url.replace("WRITE_DELAY=100", "WRITE_DELAY=0"));
        assertThat(HubProcess.withOptions(url, "")).isEqualTo(url);
        assertThatThrownBy(() -> HubProcess.withOptions(url, ";IFEXISTS")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("IFEXISTS");
    }

    @Test
    void theShippedUrlOnAnotherFileKeepsEveryShippedOption() throws Exception {
        String url = HubProcess.embeddedDatabaseUrl(Path.of("/tmp/elsewhere/carehub"));

        assertThat(url).startsWith("jdbc:h2:file:/tmp/elsewhere/carehub;")
                .contains(";WRITE_DELAY=1000;", ";CACHE_SIZE=4096;", ";DB_CLOSE_ON_EXIT=FALSE;");
    }
}
