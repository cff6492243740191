package org.darlingtontogether.carehub.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * The people who may sign in to the IG console: {@code carehub.ig-users.<name>.password}, and no one else. API
 * clients ({@code carehub.consumers}, {@code carehub.operators}) are not console users, whatever secret they offer;
 * a console user named like an API client is a configuration mistake and stops the start, so an audit entry's user
 * name is never ambiguous; so does a password not in Spring's encoded form.
 */
public class IgUsers implements UserDetailsService {

    public static final String ROLE = "IG";
    private static final Pattern ENCODED = Pattern.compile("^\\{[A-Za-z0-9_@.-]+}.+");
    private static final Pattern BCRYPT = Pattern.compile("^\\{bcrypt}\\$2[aby]?\\$\\d\\d\\$[./0-9A-Za-z]{53}$");
    private static final Logger log = LoggerFactory.getLogger(IgUsers.class);

    private final Map<String, CarehubProperties.IgUser> users;

    public IgUsers(CarehubProperties properties) {
        List<String> problems = new ArrayList<>();
        properties.getIgUsers().forEach((name, user) -> {
            String where = "carehub.ig-users." + name;
            if (properties.getConsumers().containsKey(name)) {
                problems.add(where + " is also carehub.consumers." + name + ": a console user must not share a name with an API client");
            }
            if (properties.getOperators().containsKey(name)) {
                problems.add(where + " is also carehub.operators." + name + ": a console user must not share a name with an API client");
            }
            String password = user.getPassword();
            if (password == null || password.isBlank()) {
                problems.add(where + ".password is missing");
            } else if (!ENCODED.matcher(password).matches()) {
                problems.add(where + ".password must be in Spring's encoded form, {bcrypt}... (or {noop}... for a local test)");
            } else if (password.startsWith("{bcrypt}") && !BCRYPT.matcher(password).matches()) {
                problems.add(where + ".password is not a whole bcrypt hash ({bcrypt}$2a$10$ and 53 characters)");
            } else if (password.startsWith("{noop}")) {
                log.warn("IG console user '{}' has a {noop} (plaintext) password: use {bcrypt} outside development", name);
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid IG console users:\n  - " + String.join("\n  - ", problems));
        }
        this.users = Map.copyOf(properties.getIgUsers());
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        CarehubProperties.IgUser user = username == null ? null : users.get(username);
        if (user == null) {
            throw new UsernameNotFoundException("not an IG console user");
        }
        return User.withUsername(username).password(user.getPassword()).roles(ROLE).build();
    }

    public int count() {
        return users.size();
    }
}
