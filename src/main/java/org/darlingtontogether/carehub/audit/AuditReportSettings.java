package org.darlingtontogether.carehub.audit;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code carehub.audit.unusual.*}: when the unusual-access report flags a consumer (README, "Audit exports and
 * reports"): its daily rate of distinct people read in the window exceeds {@code factor} times its usual rate, and it
 * read at least {@code minimum} people.
 */
@Validated
@ConfigurationProperties("carehub.audit.unusual")
public class AuditReportSettings {

    @DecimalMin("1.0") private double factor = 3;
    @Min(1) private int minimum = 20;

    public double getFactor() { return factor; }
    public void setFactor(double factor) { this.factor = factor; }
    public int getMinimum() { return minimum; }
    public void setMinimum(int minimum) { this.minimum = minimum; }
}
