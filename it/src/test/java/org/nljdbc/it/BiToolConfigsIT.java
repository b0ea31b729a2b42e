package org.nljdbc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Driver;
import java.util.Properties;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * Every shipped BI tool configuration parses with its format's parser, names the driver class, and its URL
 * template, filled in as the tool would, is accepted by that class (loaded from the bundled jar).
 */
class BiToolConfigsIT {
    private static final String DRIVER = "org.nljdbc.driver.NlDriver";
    private static final Path DIR = Path.of(System.getProperty("nljdbc.configs", "../bi-tool-configs"));

    private static Document xml(String file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        try (InputStream in = Files.newInputStream(DIR.resolve(file))) {
            return f.newDocumentBuilder().parse(in);
        }
    }

    private static String xpath(Document d, String expr) throws Exception {
        return XPathFactory.newInstance().newXPath().evaluate(expr, d);
    }

    /** Loads the named class as a tool does and asks it whether it takes the URL. */
    private static void accepted(String driverClass, String url) throws Exception {
        assertEquals(DRIVER, driverClass);
        Driver d = (Driver) Class.forName(driverClass).getDeclaredConstructor().newInstance();
        assertTrue(d.acceptsURL(url), url);
        assertTrue(!d.acceptsURL(url.replace("jdbc:nl:", "jdbc:")), "only jdbc:nl: URLs: " + url);
    }

    @Test
    void dbeaverDriverDefinitionNamesTheDriverAndItsUrlTemplateIsAccepted() throws Exception {
        Document d = xml("dbeaver/drivers.xml");
        assertEquals("generic", xpath(d, "/drivers/provider/@id"));
        assertEquals("true", xpath(d, "/drivers/provider/driver/@custom"));
        String url = xpath(d, "/drivers/provider/driver/@url")
                .replace("{host}", "localhost").replace("{port}", xpath(d, "/drivers/provider/driver/@port"))
                .replace("{database}", "shop");
        accepted(xpath(d, "/drivers/provider/driver/@class"), url);
    }

    @Test
    void dbeaverConnectionUsesTheDefinedDriverAndAnAcceptedUrl() throws Exception {
        JsonNode root = new ObjectMapper().readTree(DIR.resolve("dbeaver/data-sources.json").toFile());
        JsonNode conn = root.get("connections").elements().next();
        Document drivers = xml("dbeaver/drivers.xml");
        assertEquals(xpath(drivers, "/drivers/provider/driver/@id"), conn.get("driver").asText());
        assertEquals("generic", conn.get("provider").asText());
        assertEquals("URL", conn.get("configuration").get("configurationType").asText());
        accepted(xpath(drivers, "/drivers/provider/driver/@class"), conn.get("configuration").get("url").asText());
    }

    @Test
    void dataGripDataSourceNamesTheDriverAndAnAcceptedUrl() throws Exception {
        Document d = xml("datagrip/dataSources.xml");
        String ds = "/project/component[@name='DataSourceManagerImpl']/data-source";
        accepted(xpath(d, ds + "/jdbc-driver"), xpath(d, ds + "/jdbc-url"));
    }

    /** DataGrip's URL template syntax: {@code {name::default}} a field (filled with its default or a value), [..] optional. */
    private static String dataGripUrl(String template) {
        return template.replaceAll("[\\[\\]]", "").replaceAll("\\{database(::[^}]*)?\\}", "shop")
                .replaceAll("\\{host(::[^}]*)?\\}", "localhost").replaceAll("\\{port::([^}]*)\\}", "$1")
                .replaceAll("\\{port\\}", "5432");
    }

    @Test
    void dataGripDriverDefinitionNamesTheDriverAndEachUrlTemplateIsAccepted() throws Exception {
        Document d = xml("datagrip/databaseDrivers.xml");
        String driver = "/application/component[@name='LocalDatabaseDriverManager']/driver";
        assertEquals("1", xpath(d, "count(" + driver + ")"));
        String templates = xpath(d, "count(" + driver + "/url-template)");
        assertTrue(Integer.parseInt(templates) >= 1, templates);
        for (int i = 1; i <= Integer.parseInt(templates); i++) {
            String template = xpath(d, driver + "/url-template[" + i + "]/@template");
            String url = dataGripUrl(template);
            assertTrue(!url.contains("{") && !url.contains("["), template + " -> " + url);
            accepted(xpath(d, driver + "/@driver-class"), url);
        }
        assertEquals("file://NLJDBC_JAR", xpath(d, driver + "/library/url"), "the README's placeholder for the jar");
        Document ds = xml("datagrip/dataSources.xml");
        assertEquals(xpath(d, driver + "/@id"),
                xpath(ds, "/project/component[@name='DataSourceManagerImpl']/data-source/driver-ref"),
                "the data source refers to the defined driver");
    }

    @Test
    void squirrelDriverEntryNamesTheDriverAndItsExampleUrlIsAccepted() throws Exception {
        Document d = xml("squirrel/SQLDrivers.xml");
        String bean = "/Beans/Bean[@Class='net.sourceforge.squirrel_sql.fw.sql.SQLDriver']";
        String url = xpath(d, bean + "/url").replace("<host>", "localhost").replace("<port>", "5432")
                .replace("<database>", "shop");
        accepted(xpath(d, bean + "/driverClassName"), url);
    }

    @Test
    void tableauPropertiesAreNlSettingsAndTheTdcCustomisesTheGenericJdbcConnector() throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(DIR.resolve("tableau/nljdbc.properties"))) {
            p.load(r);
        }
        assertTrue(!p.isEmpty() && p.stringPropertyNames().stream().allMatch(k -> k.startsWith("nl.")), p.toString());
        Document tdc = xml("tableau/nljdbc.tdc");
        assertEquals("genericjdbc", xpath(tdc, "/connection-customization/@class"));
        assertEquals("yes", xpath(tdc, "//customization[@name='CAP_QUERY_SUBQUERIES']/@value"));
        String readme = Files.readString(DIR.resolve("tableau/README.md"));
        String url = readme.replaceAll("(?s).*URL `([^`]+)`.*", "$1");
        accepted(DRIVER, url);
    }

    @Test
    void sparkOptionsNameTheDriverAndAnAcceptedUrl() throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(DIR.resolve("spark/nljdbc-spark.properties"))) {
            p.load(r);
        }
        assertTrue(p.getProperty("query").startsWith("NL:"), p.toString());
        accepted(p.getProperty("driver"), p.getProperty("url"));
    }

    /**
     * No Metabase plugin is shipped (its README says why); what it says the plugin's connection spec would be,
     * {@code :classname} and {@code :subprotocol}, makes a URL the driver accepts.
     */
    @Test
    void metabaseReadmeNamesTheDriverAndASubprotocolItAccepts() throws Exception {
        String readme = Files.readString(DIR.resolve("metabase/README.md"));
        java.util.regex.Matcher cls = java.util.regex.Pattern.compile(":classname \"([^\"]+)\"").matcher(readme);
        java.util.regex.Matcher sub = java.util.regex.Pattern.compile(":subprotocol \"([^\"]+)\"").matcher(readme);
        assertTrue(cls.find() && sub.find(), readme);
        accepted(cls.group(1), "jdbc:" + sub.group(1) + "://localhost:5432/shop");
    }

    @Test
    void everyToolFolderHasAReadmeWithoutScreenshots() throws Exception {
        for (String tool : new String[] {"dbeaver", "datagrip", "squirrel", "tableau", "spark", "metabase"}) {
            String readme = Files.readString(DIR.resolve(tool).resolve("README.md"));
            assertTrue(readme.length() > 200 && !readme.contains("!["), tool);
        }
    }
}
