package org.darlingtontogether.carehub.console;

import java.security.Principal;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every console page shows in its header: the hub's name and who is signed in. */
@ControllerAdvice(basePackageClasses = ConsoleModelAdvice.class)
class ConsoleModelAdvice {

    static final String HUB_NAME = "Darlington Together care hub";

    @ModelAttribute("hubName")
    String hubName() {
        return HUB_NAME;
    }

    @ModelAttribute("signedInUser")
    String signedInUser(Principal principal) {
        return principal == null ? null : principal.getName();
    }
}
