package keyaccount.hub.config;

import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may call what over HTTP. Everything but health needs a user from the security file.
 * Roles: ACCOUNT_MANAGER (the OA system's API), OPERATOR (acts on the hub), VIEWER (looks),
 * SYSTEM (machine callers). People sign in with the login form (the operators' page at /, Hawtio at
 * /actuator/hawtio); systems use HTTP basic.
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

    /**
     * Systems call the API with HTTP basic and no session; people sign in through the login form
     * (a session cookie), for the operators' page at / and for Hawtio. A browser that is not signed
     * in is sent to the form; any other caller gets 401. Requests that ride on the session cookie
     * need the CSRF token (the XSRF-TOKEN cookie, sent back as the X-XSRF-TOKEN header, as the page
     * and Hawtio do); basic-auth calls without a session need none.
     */
    @Bean
    public SecurityFilterChain http(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                        // Hawtio and its Jolokia: viewers look (JolokiaAccess refuses them anything that acts)
                        .requestMatchers(EndpointRequest.to("hawtio", "jolokia")).hasAnyRole(OPERATOR, VIEWER)
                        // acting on the hub (e.g. stopping a route) is for operators; looking is for viewers too
                        .requestMatchers(request -> !"GET".equals(request.getMethod())
                                && EndpointRequest.toAnyEndpoint().matches(request)).hasRole(OPERATOR)
                        .requestMatchers(EndpointRequest.toAnyEndpoint()).hasAnyRole(OPERATOR, VIEWER, SYSTEM)
                        // the operators' page and what it reads
                        .requestMatchers(path(GET, "/"), path(GET, "/index.html"), path(GET, "/console/**"),
                                path(GET, "/api/v1/console")).hasAnyRole(OPERATOR, VIEWER)
                        .requestMatchers(path(GET, "/api/v1/dlq"), path(GET, "/api/v1/dlq/**"), path(GET, "/api/v1/audit"),
                                path(GET, "/api/v1/outbox/**"))
                            .hasAnyRole(OPERATOR, VIEWER)
                        .requestMatchers(path(null, "/api/v1/dlq/**"), path(null, "/api/v1/audit"), path(null, "/api/v1/outbox/**"),
                                path(null, "/api/v1/work-orders/**")).hasRole(OPERATOR)
                        // the nightly consolidation: operators start a run, viewers follow it
                        .requestMatchers(path(POST, "/api/v1/consolidation/runs")).hasRole(OPERATOR)
                        .requestMatchers(path(GET, "/api/v1/consolidation/**")).hasAnyRole(OPERATOR, VIEWER)
                        .requestMatchers(path(null, "/api/v1/consolidation/**")).hasRole(OPERATOR)
                        .requestMatchers(path(GET, "/api/v1/forms/**"), path(GET, "/api/v1/kpis/**"),
                                path(GET, "/api/v1/customers/**"), path(GET, "/api/v1/cluster"))
                            .hasAnyRole(ACCOUNT_MANAGER, OPERATOR, VIEWER, SYSTEM)
                        .requestMatchers(path(null, "/api/v1/**")).hasAnyRole(ACCOUNT_MANAGER, OPERATOR, SYSTEM)
                        .anyRequest().authenticated())
                .formLogin(form -> form.permitAll())
                .httpBasic(Customizer.withDefaults())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                .exceptionHandling(SecurityConfig::entryPoints)
                .requestCache(cache -> cache.requestCache(pagesToComeBackTo()))
                .csrf(csrf -> csrf
                        .csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new HeaderOrFormCsrfToken())
                        .ignoringRequestMatchers(SecurityConfig::basicWithoutSession))
                .addFilterAfter(new CsrfCookie(), CsrfFilter.class)
                .addFilterAfter(new JolokiaAccess(OPERATOR), AuthorizationFilter.class);
        return http.build();
    }

    private static RequestMatcher path(HttpMethod method, String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(method, pattern);
    }

    /**
     * A page request from a browser goes to the login form; API callers and tools get 401 with a
     * basic challenge. (Mappings, not one entry point: an explicit one would turn off the login page.)
     */
    private static void entryPoints(ExceptionHandlingConfigurer<HttpSecurity> e) {
        RequestMatcher browser = browser();
        BasicAuthenticationEntryPoint basic = new BasicAuthenticationEntryPoint();
        basic.setRealmName("keyaccount-hub");
        e.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), browser)
                .defaultAuthenticationEntryPointFor(basic, new NegatedRequestMatcher(browser));
    }

    /** A browser asking for a page (not a script's call). */
    private static RequestMatcher browser() {
        MediaTypeRequestMatcher html = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
        html.setIgnoredMediaTypes(Set.of(MediaType.ALL));
        return new AndRequestMatcher(html,
                new NegatedRequestMatcher(new RequestHeaderRequestMatcher("X-Requested-With", "XMLHttpRequest")));
    }

    /** After signing in, a browser comes back to the page it asked for: a page, never /error nor a script's call. */
    private static HttpSessionRequestCache pagesToComeBackTo() {
        HttpSessionRequestCache cache = new HttpSessionRequestCache();
        cache.setRequestMatcher(new AndRequestMatcher(path(GET, "/**"), browser(),
                new NegatedRequestMatcher(path(null, "/error/**")), new NegatedRequestMatcher(path(null, "/favicon.ico"))));
        return cache;
    }

    /** A system's call: basic credentials, no session cookie that a forged request could ride on. */
    private static boolean basicWithoutSession(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)
                && request.getRequestedSessionId() == null;
    }

    /**
     * The token comes back either as the X-XSRF-TOKEN header (the page's and Hawtio's scripts copy
     * it from the cookie as it is) or as the login form's hidden field (masked against BREACH).
     */
    private static final class HeaderOrFormCsrfToken extends CsrfTokenRequestAttributeHandler {
        private final XorCsrfTokenRequestAttributeHandler masked = new XorCsrfTokenRequestAttributeHandler();

        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> token) {
            masked.handle(request, response, token);
        }

        @Override
        public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
            return StringUtils.hasText(request.getHeader(token.getHeaderName()))
                    ? super.resolveCsrfTokenValue(request, token)
                    : masked.resolveCsrfTokenValue(request, token);
        }
    }

    /** Loads the (deferred) CSRF token on every browser request, so that the XSRF-TOKEN cookie is always there to copy. */
    private static final class CsrfCookie extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
            if (token != null && !basicWithoutSession(request)) {
                token.getToken();
            }
            chain.doFilter(request, response);
        }
    }
}
