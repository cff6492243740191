package org.darlingtontogether.carehub.audit;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** {@code carehub.audit.*}: sealing the chain, retention and the checkpoint key (README, "Audit"). */
@Validated
@ConfigurationProperties("carehub.audit")
public class AuditProperties {

    /** Only for measuring what the audit costs (the backbone benchmark): false writes no audit rows. Never in service. */
    private boolean enabled = true;
    /**
     * How often unsealed rows are sealed into the chain: often, so each seal is a small transaction that holds up the
     * inbox's commits for little time (docs/benchmarks.md, "Audit cost").
     */
    @NotNull private Duration sealInterval = Duration.ofMillis(100);
    /** Rows sealed per transaction. */
    @Min(1) @Max(100_000) private int sealBatch = 5000;
    /** How long rows are kept; older rows are removed behind a signed checkpoint. */
    @NotNull private Period retention = Period.ofYears(8);
    /** How often retention is applied. */
    @NotNull private Duration retentionInterval = Duration.ofHours(1);
    /**
     * The key that signs retention checkpoints, by reference ({@code env:NAME} or {@code file:/path}). Unset: a key
     * generated once into {@code data/audit-checkpoint.key} (the embedded default).
     */
    private String checkpointKeyRef;

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public Duration getSealInterval() { return sealInterval; }
    public void setSealInterval(Duration sealInterval) { this.sealInterval = sealInterval; }
    public int getSealBatch() { return sealBatch; }
    public void setSealBatch(int sealBatch) { this.sealBatch = sealBatch; }
    public Period getRetention() { return retention; }
    public void setRetention(Period retention) { this.retention = retention; }
    public Duration getRetentionInterval() { return retentionInterval; }
    public void setRetentionInterval(Duration retentionInterval) { this.retentionInterval = retentionInterval; }
    public String getCheckpointKeyRef() { return checkpointKeyRef; }
    public void setCheckpointKeyRef(String checkpointKeyRef) { this.checkpointKeyRef = checkpointKeyRef; }
}
