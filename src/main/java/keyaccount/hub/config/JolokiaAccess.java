package keyaccount.hub.config;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Jolokia (and Hawtio, which speaks Jolokia) is read-only for everyone but operators: they may
 * read, list and search MBeans and call operations that only report (dump..., get..., list...,
 * browse..., can...), but not write an attribute nor call an operation that acts, such as a
 * route's stop or a queue's purge. Anything this filter cannot read for sure is refused.
 * Runs in the security filter chain after authorization, so a refusal is an ordinary 403.
 */
public class JolokiaAccess extends OncePerRequestFilter {
    private static final Set<String> READ_TYPES = Set.of("read", "list", "search", "version");
    private static final Pattern REPORTING_OPERATION =
            Pattern.compile("(dump|get|is|has|list|browse|count|can|explain|information)[A-Za-z0-9]*");
    private static final int MAX_BODY = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final String actingRole;

    public JolokiaAccess(String actingRole) {
        this.actingRole = "ROLE_" + actingRole;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.startsWith("/actuator/jolokia") || path.startsWith("/actuator/hawtio/jolokia"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (mayAct()) {
            chain.doFilter(request, response);
            return;
        }
        switch (request.getMethod()) {
            case "GET", "HEAD", "OPTIONS" -> {
                if (!readOnlyPath(request)) {
                    throw new AccessDeniedException("Jolokia: only operators may write or execute");
                }
                chain.doFilter(request, response);
            }
            case "POST" -> {
                byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
                if (body.length > MAX_BODY || !readOnlyBody(body)) {
                    throw new AccessDeniedException("Jolokia: only operators may write or execute");
                }
                chain.doFilter(new CachedBody(request, body), response);
            }
            default -> throw new AccessDeniedException("Jolokia: method not allowed for viewers");
        }
    }

    private boolean mayAct() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getAuthorities().stream().anyMatch(a -> actingRole.equals(a.getAuthority()));
    }

    /** GET /jolokia/read/..., /list, /search/..., /version; the {@code p} parameter, if given, as well. */
    private static boolean readOnlyPath(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String path = URLDecoder.decode(uri.substring(uri.indexOf("/jolokia") + "/jolokia".length()), StandardCharsets.UTF_8);
        String p = request.getParameter("p");
        return readOnlyType(path) && (p == null || readOnlyType(p));
    }

    private static boolean readOnlyType(String path) {
        String type = path.replaceFirst("^/+", "");
        int slash = type.indexOf('/');
        type = (slash < 0 ? type : type.substring(0, slash)).toLowerCase(Locale.ROOT);
        return type.isEmpty() || READ_TYPES.contains(type);
    }

    /** A Jolokia POST body: one request or a list of them; each must only read. */
    static boolean readOnlyBody(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return false;
        }
        if (root == null) {
            return false;
        }
        if (root.isArray()) {
            for (JsonNode r : root) {
                if (!readOnly(r)) {
                    return false;
                }
            }
            return true;
        }
        return readOnly(root);
    }

    private static boolean readOnly(JsonNode request) {
        if (!request.isObject() || !request.path("type").isTextual()) {
            return false;
        }
        String type = request.get("type").asText().toLowerCase(Locale.ROOT);
        if (READ_TYPES.contains(type)) {
            return true;
        }
        if (!"exec".equals(type) || !request.path("operation").isTextual()) {
            return false;
        }
        String operation = request.get("operation").asText();
        int paren = operation.indexOf('(');
        return REPORTING_OPERATION.matcher(paren < 0 ? operation : operation.substring(0, paren)).matches();
    }

    /** The request with its body read once here and given again to Jolokia. */
    private static final class CachedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String enc = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    enc == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(enc)));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
