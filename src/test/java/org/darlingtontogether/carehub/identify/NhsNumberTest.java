package org.darlingtontogether.carehub.identify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NhsNumberTest {

    @ParameterizedTest
    @CsvSource({
            "9434765919, 9434765919",
            "943 476 5919, 9434765919",
            "943-476-5919, 9434765919",
            "' 9434765870 ', 9434765870",
            "9912003888, 9912003888",   // UK Core example patient
            "4010232137, 4010232137",
    })
    void acceptsValidNumbersAsPartnersWriteThem(String raw, String digits) {
        assertThat(NhsNumber.of(raw).value()).isEqualTo(digits);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "9434765918; NHS number fails the Modulus 11 check",
            "9912003890; NHS number fails the Modulus 11 check",     // UK Core baby example: wrong check digit
            "943476591; NHS number has 9 digits, not 10",
            "94347659190; NHS number has 11 digits, not 10",
            "94347X5919; NHS number contains characters other than digits, spaces and dashes",
            "''; NHS number is missing",
    })
    void rejectsInvalidNumbersWithTheReason(String raw, String reason) {
        assertThat(NhsNumber.problemWith(raw)).isEqualTo(reason);
        assertThatThrownBy(() -> NhsNumber.of(raw)).hasMessage(reason);
    }

    @Test
    void aRemainderGivingCheckDigitTenIsNeverValid() {
        // 123456789: sum 10*1+9*2+8*3+7*4+6*5+5*6+4*7+3*8+2*9 = 210, 210 mod 11 = 1, 11 - 1 = 10: no valid check digit
        for (int d = 0; d <= 9; d++) {
            assertThat(NhsNumber.isValid("123456789" + d)).isFalse();
        }
        assertThat(NhsNumber.problemWith("1234567890")).contains("no check digit is possible");
    }

    @Test
    void aRemainderOfZeroGivesCheckDigitZero() {
        // first nine digits summing to a multiple of 11 -> 11 -> 0
        assertThat(NhsNumber.isValid("0000000000")).isTrue();
    }

    @Test
    void neverPrintsTheNumber() {
        assertThat(NhsNumber.of("9434765919").toString()).doesNotContain("9434765919");
    }
}
