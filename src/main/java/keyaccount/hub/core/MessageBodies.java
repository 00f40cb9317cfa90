package keyaccount.hub.core;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** A peer's message body as the JMS consumer hands it over (text, or bytes to decode), held to the input limits. */
public final class MessageBodies {
    private MessageBodies() {}

    /**
     * Checks that the body is text or bytes, and no larger than the limit (text counted as UTF-8);
     * anything else is a bad message naming {@code what}.
     */
    public static void within(String what, Object body, int maxBytes) {
        int size;
        if (body instanceof byte[] b) {
            size = b.length;
        } else if (body instanceof String s) {
            size = s.getBytes(StandardCharsets.UTF_8).length;
        } else {
            throw new BadMessageException(what + " body is neither text nor bytes: "
                    + (body == null ? "empty" : body.getClass().getSimpleName()));
        }
        if (size > maxBytes) {
            throw new BadMessageException(what + " is " + size + " bytes, larger than the limit of " + maxBytes);
        }
    }

    /** Decodes the bytes, refusing any that are not valid in the charset (the buffer's position says where). */
    public static String decodeStrictly(ByteBuffer in, Charset charset) throws CharacterCodingException {
        return charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(in).toString();
    }
}
