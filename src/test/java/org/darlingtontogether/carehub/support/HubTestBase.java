package org.darlingtontogether.carehub.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Gives each test class a free MLLP port and a private in-memory H2 database. */
public abstract class HubTestBase {

    protected static final int MLLP_PORT = freePort();

    @DynamicPropertySource
    static void hubProperties(DynamicPropertyRegistry registry) {
        registry.add("carehub.partners.cddft.mllp.port", () -> MLLP_PORT);
        registry.add("carehub.partners.cddft.mllp.host", () -> "127.0.0.1");
        String db = "hub" + UUID.randomUUID().toString().replace("-", "");
        registry.add("spring.datasource.url",
                () -> "jdbc:h2:mem:" + db + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
