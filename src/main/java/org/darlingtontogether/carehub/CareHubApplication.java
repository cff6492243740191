package org.darlingtontogether.carehub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Darlington Together care hub. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CareHubApplication {
    public static void main(String[] args) {
        SpringApplication.run(CareHubApplication.class, args);
    }
}
