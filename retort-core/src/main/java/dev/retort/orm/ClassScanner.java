package dev.retort.orm;

import dev.retort.exc.ArgumentException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** The classes of a package and its subpackages, for {@link Registry#scan}: read from directories and jars, initialised only when used. */
final class ClassScanner {
    private ClassScanner() {
    }

    static List<Class<?>> classes(String packageName) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = ClassScanner.class.getClassLoader();
        }
        String path = packageName.replace('.', '/');
        TreeSet<String> names = new TreeSet<>();
        try {
            Enumeration<URL> roots = loader.getResources(path);
            while (roots.hasMoreElements()) {
                URL url = roots.nextElement();
                if (url.getProtocol().equals("file")) {
                    fromDirectory(Path.of(url.toURI()), packageName, names);
                } else if (url.getProtocol().equals("jar")) {
                    fromJar(((JarURLConnection) url.openConnection()).getJarFile(), path, names);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot scan package " + packageName, e);
        } catch (URISyntaxException e) {
            throw new ArgumentException("Cannot scan package " + packageName + ": " + e.getMessage(), e);
        }
        List<Class<?>> out = new ArrayList<>();
        for (String n : names) {
            try {
                out.add(Class.forName(n, false, loader));
            } catch (ClassNotFoundException | LinkageError e) {
                // A class that cannot load (a missing optional dependency) is no entity of this application.
            }
        }
        return out;
    }

    private static void fromDirectory(Path dir, String packageName, TreeSet<String> names) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(f -> f.toString().endsWith(".class")).forEach(f -> {
                String rel = dir.relativize(f).toString().replace(f.getFileSystem().getSeparator(), ".");
                names.add(packageName + "." + rel.substring(0, rel.length() - ".class".length()));
            });
        }
    }

    private static void fromJar(JarFile jar, String path, TreeSet<String> names) {
        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
            String n = e.nextElement().getName();
            if (n.startsWith(path + "/") && n.endsWith(".class")) {
                names.add(n.substring(0, n.length() - ".class".length()).replace('/', '.'));
            }
        }
    }
}
