package org.darlingtontogether.carehub.identify;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Who a partner's own Patient is: its logical id at the partner ({@code Patient/123}) and the NHS number it carries,
 * or why it carries no usable one. Lets a resource that names its person only by the partner's reference be filed
 * under the right NHS number. Written when the partner's Patient is identified, a fact about the partner's system
 * rather than a change to the record, so it is kept even if the record write that follows is rolled back.
 */
@Repository
public class PartnerPatientIndex {

    /** What the partner's Patient said: an NHS number, or the problem with it. */
    public record Entry(String nhsNumber, String problem) {
    }

    private final JdbcClient jdbc;

    public PartnerPatientIndex(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void remember(String partner, String patientId, String nhsNumberOrNull, String problemOrNull) {
        Timestamp now = Timestamp.from(Instant.now());
        String problem = problemOrNull == null || problemOrNull.length() <= 200 ? problemOrNull : problemOrNull.substring(0, 200);
        int updated = jdbc.sql("update fhir_partner_patient set nhs_number = ?, problem = ?, updated_at = ? where partner = ? and patient_id = ?")
                .params(nhsNumberOrNull, problem, now, partner, patientId).update();
        if (updated == 0) {
            try {
                jdbc.sql("insert into fhir_partner_patient (partner, patient_id, nhs_number, problem, updated_at) values (?, ?, ?, ?, ?)")
                        .params(partner, patientId, nhsNumberOrNull, problem, now).update();
            } catch (org.springframework.dao.DuplicateKeyException concurrent) {
                jdbc.sql("update fhir_partner_patient set nhs_number = ?, problem = ?, updated_at = ? where partner = ? and patient_id = ?")
                        .params(nhsNumberOrNull, problem, now, partner, patientId).update();
            }
        }
    }

    public Optional<Entry> find(String partner, String patientId) {
        return jdbc.sql("select nhs_number, problem from fhir_partner_patient where partner = ? and patient_id = ?")
                .params(partner, patientId)
                .query((rs, n) -> new Entry(rs.getString(1), rs.getString(2)))
                .optional();
    }
}
