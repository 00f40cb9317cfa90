package keyaccount.hub.system.callcenter;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import keyaccount.hub.config.HubProperties;
import keyaccount.hub.core.BadMessageException;
import keyaccount.hub.core.MessageBodies;
import keyaccount.hub.form.fault.FaultReport;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * The call center's XML (ICD §2). Reading: bytes are decoded as their XML declaration says (GBK or
 * UTF-8; UTF-8 without one), strictly: bytes that are not valid in that encoding, or an encoding
 * that is neither, make the message bad. Text is taken as it is. The parser refuses any DOCTYPE,
 * so neither external entities nor entity expansion can happen, and any nesting deeper than
 * {@value #MAX_DEPTH} levels. Each known element may appear once, directly under the root, as
 * text. Writing: FaultReply as UTF-8 text.
 */
public final class FaultReportXml {
    /** The report is two levels deep; anything much deeper is not a FaultReport (and must not exhaust the stack). */
    static final int MAX_DEPTH = 16;
    private static final HubProperties.Input DEFAULT_LIMITS =
            new HubProperties.Input(65536, 2000, Duration.ofMinutes(10), Duration.ofDays(30));
    /** The elements of a FaultReport, each with its longest value (the store's column widths). */
    private static final Map<String, Integer> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("ReportNo", 40);
        FIELDS.put("CustNo", 20);
        FIELDS.put("CircuitNo", 30);
        FIELDS.put("ServiceType", 8);
        FIELDS.put("Reporter", 100);
        FIELDS.put("Phone", 40);
        FIELDS.put("Description", -1); // hub.input.max-text-length
        FIELDS.put("ReportedAt", 40);
    }

    private static final Set<String> REQUIRED = Set.of("ReportNo", "CustNo", "ServiceType", "ReportedAt");
    /** The encodings the call center uses (ICD §2), by Java's canonical name: the GBK family and UTF-8. */
    private static final Set<String> ENCODINGS = Set.of("UTF-8", "GBK", "GB2312", "GB18030");
    private static final Pattern DECLARATION = Pattern.compile(
            "<\\?xml\\s+version\\s*=\\s*(['\"])1\\.[0-9]\\1(\\s+encoding\\s*=\\s*(['\"])([A-Za-z][A-Za-z0-9._-]*)\\3)?"
                    + "(\\s+standalone\\s*=\\s*(['\"])(yes|no)\\6)?\\s*\\?>");

    private FaultReportXml() {}

    private static DocumentBuilder builder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setAttribute("http://www.oracle.com/xml/jaxp/properties/maxElementDepth", MAX_DEPTH);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b;
        } catch (ParserConfigurationException | IllegalArgumentException e) {
            throw new IllegalStateException("XML parser cannot be made safe", e);
        }
    }

    /** Parses and validates a report from a JMS body (byte[] or String), with the default limits. */
    public static FaultReport parse(Object body) {
        return parse(body, DEFAULT_LIMITS);
    }

    /** Parses and validates a report from a JMS body (byte[] or String); a bad one throws BadMessageException. */
    public static FaultReport parse(Object body, HubProperties.Input limits) {
        return parseText(text(body, limits), limits);
    }

    /**
     * The document as text: a byte[] (BytesMessage) decoded by its XML declaration's encoding, a
     * String (TextMessage) as it is; too large or undecodable throws BadMessageException.
     */
    public static String text(Object body, HubProperties.Input limits) {
        MessageBodies.within("FaultReport", body, limits.maxDocumentBytes());
        return body instanceof byte[] bytes ? decode(bytes) : withoutByteOrderMark((String) body);
    }

    /** Parses and validates a report's text; a bad one throws BadMessageException naming every bad field. */
    public static FaultReport parseText(String text, HubProperties.Input limits) {
        if (text.isBlank()) {
            throw new BadMessageException("malformed FaultReport XML: the message is empty");
        }
        Document doc;
        try {
            doc = builder().parse(new InputSource(new StringReader(withoutDeclaration(text))));
        } catch (StackOverflowError e) {
            throw new BadMessageException("malformed FaultReport XML: nested too deeply to read");
        } catch (Exception e) {
            throw new BadMessageException("malformed FaultReport XML: " + oneLine(e.getMessage()), e);
        }
        Element root = doc.getDocumentElement();
        if (!"FaultReport".equals(root.getTagName())) {
            throw new BadMessageException("expected <FaultReport>, got <" + root.getTagName() + ">");
        }
        List<String> problems = new ArrayList<>();
        Map<String, String> values = fields(root, limits, problems);
        String reportedAtText = values.get("ReportedAt");
        OffsetDateTime reportedAt = null;
        if (reportedAtText != null) {
            try {
                reportedAt = OffsetDateTime.parse(reportedAtText);
            } catch (DateTimeParseException e) {
                problems.add("ReportedAt is not an ISO-8601 time with offset: " + reportedAtText);
            }
        }
        if (!problems.isEmpty()) {
            throw new BadMessageException("invalid FaultReport: " + String.join("; ", problems));
        }
        return new FaultReport(values.get("ReportNo"), values.get("CustNo"), values.get("CircuitNo"),
                values.get("ServiceType"), values.get("Reporter"), values.get("Phone"), values.get("Description"),
                reportedAt);
    }

    /** The known elements directly under the root: each at most once, as text, within its length. */
    private static Map<String, String> fields(Element root, HubProperties.Input limits, List<String> problems) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        Map<String, String> values = new LinkedHashMap<>();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() != Node.ELEMENT_NODE || !FIELDS.containsKey(n.getNodeName())) {
                continue; // unknown elements are ignored, as in the peers' JSON
            }
            String name = n.getNodeName();
            seen.merge(name, 1, Integer::sum);
            boolean textOnly = true;
            StringBuilder value = new StringBuilder();
            for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
                if (c.getNodeType() == Node.TEXT_NODE || c.getNodeType() == Node.CDATA_SECTION_NODE) {
                    value.append(c.getNodeValue());
                } else if (c.getNodeType() == Node.ELEMENT_NODE) {
                    textOnly = false;
                }
            }
            if (!textOnly) {
                problems.add(name + " must be text, not elements");
                values.put(name, "");
            } else if (!value.toString().isBlank()) {
                values.put(name, value.toString().trim());
            }
        }
        for (Map.Entry<String, Integer> e : FIELDS.entrySet()) {
            String name = e.getKey();
            int count = seen.getOrDefault(name, 0);
            int max = e.getValue() < 0 ? limits.maxTextLength() : e.getValue();
            String v = values.get(name);
            if (count > 1) {
                problems.add(name + " appears " + count + " times");
            } else if ("".equals(v)) {
                values.remove(name); // not text: named above
            } else if (v == null && REQUIRED.contains(name)) {
                problems.add(name + " is missing");
            } else if (v != null && v.length() > max) {
                problems.add(name + " is longer than " + max);
            }
        }
        return values;
    }

    /**
     * Bytes to text in the encoding the XML declaration names (UTF-8 without one, or with a UTF-8
     * byte order mark), refusing bytes that are not valid in it and encodings the call center does not use.
     */
    static String decode(byte[] bytes) {
        int start = 0;
        boolean bom = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF;
        if (bom) {
            start = 3;
        } else if (bytes.length >= 2 && (((bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF)
                || ((bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE))) {
            throw new BadMessageException("FaultReport is UTF-16 (byte order mark): its encoding must be GBK or UTF-8");
        }
        // the declaration is ASCII in every encoding the ICD allows
        String head = new String(bytes, start, Math.min(bytes.length - start, 200), StandardCharsets.ISO_8859_1);
        String declared = null;
        Matcher m = DECLARATION.matcher(head);
        if (head.startsWith("<?xml") && m.lookingAt()) {
            declared = m.group(4);
        }
        Charset charset = StandardCharsets.UTF_8;
        if (declared != null) {
            try {
                charset = Charset.forName(declared);
            } catch (IllegalArgumentException e) {
                throw new BadMessageException("FaultReport declares encoding \"" + oneLine(declared)
                        + "\", which is unknown: it must be GBK or UTF-8");
            }
            if (!ENCODINGS.contains(charset.name())) {
                throw new BadMessageException("FaultReport declares encoding \"" + declared
                        + "\", which the call center does not use: it must be GBK or UTF-8");
            }
            if (bom && charset != StandardCharsets.UTF_8) {
                throw new BadMessageException("FaultReport has a UTF-8 byte order mark but declares encoding \"" + declared + "\"");
            }
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        try {
            return MessageBodies.decodeStrictly(in, charset);
        } catch (CharacterCodingException e) {
            throw new BadMessageException("FaultReport bytes are not valid " + (charset == StandardCharsets.UTF_8 ? "UTF-8"
                    : charset.name().startsWith("GB") ? "GBK" : charset.name()) + " (at byte " + in.position() + ")"
                    + (declared == null ? "; without an encoding in the XML declaration they must be UTF-8" : ""));
        }
    }

    /** Text as the sender's client decoded it, less a leading byte order mark. */
    private static String withoutByteOrderMark(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /**
     * The text without its XML declaration (already decoded, so its encoding no longer applies); a
     * declaration that is not one makes the document malformed.
     */
    private static String withoutDeclaration(String text) {
        if (text.startsWith("<?xml")) {
            Matcher m = DECLARATION.matcher(text);
            if (!m.lookingAt()) {
                throw new BadMessageException("malformed FaultReport XML: the XML declaration is not well-formed");
            }
            return text.substring(m.end());
        }
        return text;
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    /** ICD §2 FaultReply, UTF-8 text. */
    public static String reply(String reportNo, String ticketNo, String status, OffsetDateTime deadline, String message) {
        try {
            StringWriter out = new StringWriter();
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            w.writeStartDocument(StandardCharsets.UTF_8.name(), "1.0");
            w.writeStartElement("FaultReply");
            element(w, "ReportNo", reportNo);
            element(w, "TicketNo", ticketNo);
            element(w, "Status", status);
            element(w, "Deadline", deadline == null ? null : deadline.format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            element(w, "Message", message);
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
            return out.toString();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write FaultReply", e);
        }
    }

    private static void element(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        if (value == null) {
            return;
        }
        w.writeStartElement(name);
        w.writeCharacters(value);
        w.writeEndElement();
    }
}
