package org.darlingtontogether.carehub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.darlingtontogether.carehub.config.CarehubProperties;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

class IgUsersTest {

    @Test
    void onlyConfiguredIgUsersWithRoleIg() {
        CarehubProperties properties = properties("sam-taylor");
        properties.getConsumers().put("care-hub", new CarehubProperties.Consumer());
        IgUsers users = new IgUsers(properties);

        assertThat(users.loadUserByUsername("sam-taylor").getAuthorities()).extracting(Object::toString).containsExactly("ROLE_IG");
        assertThat(users.loadUserByUsername("sam-taylor").getPassword()).isEqualTo("{noop}secret");
        assertThatThrownBy(() -> users.loadUserByUsername("care-hub")).isInstanceOf(UsernameNotFoundException.class);
        assertThatThrownBy(() -> users.loadUserByUsername(null)).isInstanceOf(UsernameNotFoundException.class);
    }

    @Test
    void aConsoleUserNamedLikeAnApiClientStopsTheStart() {
        CarehubProperties properties = properties("hub-ops");
        properties.getOperators().put("hub-ops", new CarehubProperties.Operator());
        assertThatThrownBy(() -> new IgUsers(properties)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("carehub.ig-users.hub-ops is also carehub.operators.hub-ops");
    }

    @Test
    void aPasswordNotInSpringsEncodedFormStopsTheStart() {
        CarehubProperties plain = properties("sam-taylor");
        plain.getIgUsers().get("sam-taylor").setPassword("secret");
        assertThatThrownBy(() -> new IgUsers(plain)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("carehub.ig-users.sam-taylor.password must be in Spring's encoded form");
        CarehubProperties cut = properties("sam-taylor");
        cut.getIgUsers().get("sam-taylor").setPassword("{bcrypt}$2a$10$tooShort");
        assertThatThrownBy(() -> new IgUsers(cut)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is not a whole bcrypt hash");
    }

    @Test
    void typedUserNamesReachTheLogOnOneBoundedLine() {
        assertThat(ConsoleSecurityConfig.loggable("sam\r\nforged line")).isEqualTo("sam__forged line");
        assertThat(ConsoleSecurityConfig.loggable(" ")).isEqualTo("(none)");
        assertThat(ConsoleSecurityConfig.loggable("x".repeat(100))).hasSize(67);
    }

    private static CarehubProperties properties(String igUser) {
        CarehubProperties properties = new CarehubProperties();
        CarehubProperties.IgUser user = new CarehubProperties.IgUser();
        user.setPassword("{noop}secret");
        properties.getIgUsers().put(igUser, user);
        return properties;
    }
}
