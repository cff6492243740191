package org.darlingtontogether.carehub.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.darlingtontogether.carehub.identify.NhsNumber;
import org.junit.jupiter.api.Test;

/** What the mapper takes on: exactly the events that have a message mapping file. */
class Hl7v2MapperTest {

    @Test
    void supportsExactlyTheMappedEvents() {
        for (String type : new String[] {"ADT^A01", "ADT^A02", "ADT^A03", "ADT^A04", "ADT^A08", "ADT^A11", "ADT^A13",
                "ADT^A28", "ADT^A31", "ADT^A40", "ORU^R01"}) {
            assertThat(MapperFixture.MAPPER.supports(type)).as(type).isTrue();
        }
        assertThat(MapperFixture.MAPPER.supportedTypes()).hasSize(11);
        for (String type : new String[] {"ADT^A05", "ADT^A24", "ORM^O01", "ACK", "SIU^S12", "", "ADT"}) {
            assertThat(MapperFixture.MAPPER.supports(type)).as(type).isFalse();
        }
        assertThat(MapperFixture.MAPPER.supports(null)).isFalse();
    }

    @Test
    void anUnsupportedEventIsRefusedNamingMsh9() {
        var parsed = MapperFixture.parse(MapperFixture.message("MSH|^~\\&|A|B|C|D|20240101||ADT^A05|X1|P|2.4",
                "PID|1||9434765919^^^NHS^NH"));
        assertThatThrownBy(() -> MapperFixture.MAPPER.map(parsed, new MappingContext("cddft", 1, NhsNumber.of("9434765919"))))
                .isInstanceOf(MappingException.class).hasMessage("MSH-9: no mapping for message type ADT^A05");
    }
}
