package org.darlingtontogether.carehub.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * The people who may sign in to the IG console: {@code carehub.ig-users.<name>.password}, and no one else. API
 * clients ({@code carehub.consumers}, {@code carehub.operators}) are not console users, whatever secret they offer;
 * a console user named like an API client is a configuration mistake and stops the start, so an audit entry's user
 * name is never ambiguous.
 */
public class IgUsers implements UserDetailsService {

    public static final String ROLE = "IG";

    private final Map<String, CarehubProperties.IgUser> users;

    public IgUsers(CarehubProperties properties) {
        List<String> clashes = new ArrayList<>();
        for (String name : properties.getIgUsers().keySet()) {
            if (properties.getConsumers().containsKey(name)) {
                clashes.add("carehub.ig-users." + name + " is also carehub.consumers." + name);
            }
            if (properties.getOperators().containsKey(name)) {
                clashes.add("carehub.ig-users." + name + " is also carehub.operators." + name);
            }
        }
        if (!clashes.isEmpty()) {
            throw new IllegalStateException("IG console users must not share a name with an API client: "
                    + String.join("; ", clashes));
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
