package keyaccount.hub.system.callcenter;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import keyaccount.hub.core.BadMessageException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The call center's XML (ICD §2). Reading: bytes are decoded as their XML declaration says
 * (GBK or UTF-8; UTF-8 without one); text is taken as it is. The parser refuses any DOCTYPE, so
 * neither external entities nor entity expansion can happen. Writing: FaultReply as UTF-8 text.
 */
public final class FaultReportXml {

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
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser cannot be made safe", e);
        }
    }

    /** Parses and validates a report from a JMS body (byte[] or String). */
    public static FaultReport parse(Object body) {
        Document doc;
        try {
            if (body instanceof byte[] bytes) {
                // The parser reads the declaration's encoding itself; without one, XML bytes are UTF-8.
                doc = builder().parse(new InputSource(new ByteArrayInputStream(bytes)));
            } else if (body instanceof String text) {
                doc = builder().parse(new InputSource(new StringReader(stripDeclaredEncoding(text))));
            } else {
                throw new BadMessageException("FaultReport body is neither text nor bytes: "
                        + (body == null ? "empty" : body.getClass().getSimpleName()));
            }
        } catch (BadMessageException e) {
            throw e;
        } catch (Exception e) {
            throw new BadMessageException("malformed FaultReport XML: " + oneLine(e.getMessage()), e);
        }
        Element root = doc.getDocumentElement();
        if (!"FaultReport".equals(root.getTagName())) {
            throw new BadMessageException("expected <FaultReport>, got <" + root.getTagName() + ">");
        }
        List<String> problems = new ArrayList<>();
        String reportNo = required(root, "ReportNo", 40, problems);
        String custNo = required(root, "CustNo", 20, problems);
        String circuitNo = optional(root, "CircuitNo", 30, problems);
        String serviceType = required(root, "ServiceType", 8, problems);
        String reporter = optional(root, "Reporter", 100, problems);
        String phone = optional(root, "Phone", 40, problems);
        String description = optional(root, "Description", 2000, problems);
        String reportedAtText = required(root, "ReportedAt", 40, problems);
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
        return new FaultReport(reportNo, custNo, circuitNo, serviceType, reporter, phone, description, reportedAt);
    }

    /** A String was already decoded by the sender's client; its declaration's encoding no longer applies. */
    private static String stripDeclaredEncoding(String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        if (t.startsWith("<?xml")) {
            int end = t.indexOf("?>");
            if (end > 0) {
                return t.substring(end + 2);
            }
        }
        return t;
    }

    private static String text(Element root, String name) {
        NodeList nodes = root.getElementsByTagName(name);
        if (nodes.getLength() == 0) {
            return null;
        }
        Node n = nodes.item(0);
        String v = n.getTextContent();
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static String required(Element root, String name, int max, List<String> problems) {
        String v = text(root, name);
        if (v == null) {
            problems.add(name + " is missing");
        } else if (v.length() > max) {
            problems.add(name + " is longer than " + max);
        }
        return v;
    }

    private static String optional(Element root, String name, int max, List<String> problems) {
        String v = text(root, name);
        if (v != null && v.length() > max) {
            problems.add(name + " is longer than " + max);
        }
        return v;
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
