package org.darlingtontogether.carehub.bench;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.util.concurrent.atomic.LongAdder;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.config.FhirConfig;
import org.darlingtontogether.carehub.identify.Hl7PatientIdentifier;
import org.darlingtontogether.carehub.identify.Identification;
import org.darlingtontogether.carehub.map.Hl7v2Mapper;
import org.darlingtontogether.carehub.map.MappedMessage;
import org.darlingtontogether.carehub.map.MappingContext;
import org.darlingtontogether.carehub.parse.Hl7Parser;
import org.darlingtontogether.carehub.parse.ParsedHl7;
import org.darlingtontogether.carehub.record.RecordWrite;
import org.darlingtontogether.carehub.record.ResourceIds;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The hub's work on a message minus storage: the same parser, NHS number identification, declarative mapper (from the
 * same {@code mappings/} folder) and HAPI FHIR JSON encoding of every resource the mapping produces. The beans come
 * from the hub's own classes, wired by Spring as in the hub; the mapper's helpers are found by scanning its package.
 */
final class ParseAndMapWork implements BaselineServer.Work, AutoCloseable {

    private final AnnotationConfigApplicationContext spring = new AnnotationConfigApplicationContext();
    private final Hl7Parser parser;
    private final Hl7PatientIdentifier identifier;
    private final Hl7v2Mapper mapper;
    private final FhirContext fhir;
    /** Encoded characters, kept so the JIT cannot drop the encoding as unused. */
    private final LongAdder encodedChars = new LongAdder();

    ParseAndMapWork() {
        CarehubProperties properties = new CarehubProperties();
        properties.getRecord().setIdSecret("benchmark-only-id-secret");
        DriverManagerDataSource scratch = new DriverManagerDataSource("jdbc:h2:mem:bench-baseline;DB_CLOSE_DELAY=-1", "sa", "");
        spring.registerBean(CarehubProperties.class, () -> properties);
        spring.registerBean(JdbcClient.class, () -> JdbcClient.create(scratch));
        // the FHIR mapper's partner Patient index is wired (never used for HL7 v2) and needs these
        spring.registerBean(JdbcTemplate.class, () -> new JdbcTemplate(scratch));
        spring.registerBean(TransactionTemplate.class, () -> new TransactionTemplate(new DataSourceTransactionManager(scratch)));
        spring.register(FhirConfig.class, Hl7Parser.class, Hl7PatientIdentifier.class, ResourceIds.class,
                org.darlingtontogether.carehub.identify.PartnerPatientIndex.class);
        spring.scan(Hl7v2Mapper.class.getPackageName());
        spring.refresh();
        this.parser = spring.getBean(Hl7Parser.class);
        this.identifier = spring.getBean(Hl7PatientIdentifier.class);
        this.mapper = spring.getBean(Hl7v2Mapper.class);
        this.fhir = spring.getBean(FhirContext.class);
    }

    @Override
    public String handle(String message) throws Exception {
        ParsedHl7 parsed = parser.parse(message);
        if (!mapper.supports(parsed.messageType())) {
            return "unsupported message type";
        }
        Identification who = identifier.identify(parsed);
        if (!who.identified()) {
            return "no valid NHS number";
        }
        MappedMessage mapped = mapper.map(parsed, new MappingContext("cddft", 0, who.nhsNumber()));
        IParser json = fhir.newJsonParser();
        for (RecordWrite write : mapped.writes()) {
            encodedChars.add(json.encodeResourceToString(write.resource()).length());
        }
        return null;
    }

    long encodedChars() {
        return encodedChars.sum();
    }

    @Override
    public void close() {
        spring.close();
    }
}
