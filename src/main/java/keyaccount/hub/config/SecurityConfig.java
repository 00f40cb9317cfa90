package keyaccount.hub.config;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may call what over HTTP. Everything but health needs a user from the security file.
 * Roles: ACCOUNT_MANAGER (the OA system's API), OPERATOR (acts on the hub), VIEWER (looks),
 * SYSTEM (machine callers).
 */
@Configuration
public class SecurityConfig {
    public static final String ACCOUNT_MANAGER = "ACCOUNT_MANAGER";
    public static final String OPERATOR = "OPERATOR";
    public static final String VIEWER = "VIEWER";
    public static final String SYSTEM = "SYSTEM";

    @Bean
    public SecurityFile securityFile(HubProperties props) {
        return SecurityFile.load(props.securityFile());
    }

    @Bean
    public PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    public UserDetailsService users(SecurityFile file) {
        List<UserDetails> users = new ArrayList<>();
        for (SecurityFile.User u : file.http().users()) {
            users.add(User.withUsername(u.name()).password(u.password())
                    .roles(u.roles() == null ? new String[0] : u.roles().toArray(String[]::new)).build());
        }
        return new InMemoryUserDetailsManager(users);
    }

    @Bean
    public SecurityFilterChain http(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                        // acting on the hub (e.g. stopping a route) is for operators; looking is for viewers too
                        .requestMatchers(request -> !"GET".equals(request.getMethod())
                                && EndpointRequest.toAnyEndpoint().matches(request)).hasRole(OPERATOR)
                        .requestMatchers(EndpointRequest.toAnyEndpoint()).hasAnyRole(OPERATOR, VIEWER, SYSTEM)
                        .requestMatchers(HttpMethod.GET, "/api/v1/dlq/**", "/api/v1/dlq", "/api/v1/audit")
                            .hasAnyRole(OPERATOR, VIEWER)
                        .requestMatchers("/api/v1/dlq/**", "/api/v1/audit", "/api/v1/work-orders/**").hasRole(OPERATOR)
                        .requestMatchers(HttpMethod.GET, "/api/v1/forms/**")
                            .hasAnyRole(ACCOUNT_MANAGER, OPERATOR, VIEWER, SYSTEM)
                        .requestMatchers("/api/v1/**").hasAnyRole(ACCOUNT_MANAGER, OPERATOR, SYSTEM)
                        .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // a JSON API called by systems with basic auth, no browser session to forge requests from
                .csrf(csrf -> csrf.ignoringRequestMatchers("/api/**", "/actuator/**"));
        return http.build();
    }
}
