package dev.retort;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What a published project promises about its own files: links that resolve, a licence, a BOM that lists every library module. */
class RepositoryDocumentsTest {
    /** The repository's root (tests run in the module's directory). */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void everyDocumentTheReadmeAndChangelogLinkToIsInTheRepository() throws IOException {
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (String doc : List.of("README.md", "CHANGELOG.md", "docs/dependencies.md")) {
            Matcher m = LINK.matcher(Files.readString(ROOT.resolve(doc)));
            while (m.find()) {
                String target = m.group(1).replaceFirst("#.*", "");
                if (target.isEmpty() || target.matches("[a-z]+:.*")) {
                    continue;   // an anchor or an external address
                }
                checked++;
                if (!Files.exists(ROOT.resolve(doc).getParent().resolve(target))) {
                    missing.add(doc + " -> " + target);
                }
            }
        }
        assertThat(missing).isEmpty();
        assertThat(checked).isGreaterThanOrEqualTo(4);
    }

    @Test
    void theLicenceIsApache2InTheRepositoryAndThePom() throws IOException {
        assertThat(Files.readString(ROOT.resolve("LICENSE"))).contains("Apache License", "Version 2.0, January 2004");
        assertThat(Files.readString(ROOT.resolve("pom.xml"))).contains("<name>Apache License, Version 2.0</name>");
    }

    @Test
    void theBomListsEveryPublishedModule() throws IOException {
        String root = Files.readString(ROOT.resolve("pom.xml"));
        String bom = Files.readString(ROOT.resolve("retort-bom/pom.xml"));
        Matcher m = Pattern.compile("<module>(retort-[a-z-]+)</module>").matcher(root);
        List<String> unlisted = new ArrayList<>();
        while (m.find()) {
            String module = m.group(1);
            // the BOM itself and the benchmarks are not dependencies anyone takes
            if (!module.equals("retort-bom") && !module.equals("retort-bench") && !bom.contains("<artifactId>" + module + "</artifactId>")) {
                unlisted.add(module);
            }
        }
        assertThat(unlisted).isEmpty();
    }

    /** Saved queries outlive releases: every format version the format document lists has its line in the changelog. */
    @Test
    void theChangelogHasEveryFormatVersionOfTheFormatDocument() throws IOException {
        String format = Files.readString(ROOT.resolve("docs/serialization-format.md"));
        String changelog = Files.readString(ROOT.resolve("CHANGELOG.md"));
        Matcher m = Pattern.compile("(?m)^\\| (\\d+\\.\\d+) \\|").matcher(format);
        List<String> versions = new ArrayList<>();
        while (m.find()) {
            versions.add(m.group(1));
        }
        assertThat(versions).contains("1.0", "1.1", "1.2");
        assertThat(versions).allSatisfy(v -> assertThat(changelog).contains("| " + v + " |"));
    }
}
